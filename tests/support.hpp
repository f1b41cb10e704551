// Helpers shared by podcover's tests.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "podcover/layout.hpp"
#include "podcover/printer_file.hpp"

namespace podcover::test {

// The built-in printers, parsed once for all tests.
inline const PrinterCatalog& catalog() {
    static const PrinterCatalog printers = PrinterCatalog::builtin();
    return printers;
}

inline const PrinterSpec& printer(const std::string& id) {
    const PrinterSpec* spec = catalog().find(id);
    REQUIRE(spec != nullptr);
    return *spec;
}

inline std::vector<const PrinterSpec*> both_printers() {
    return {&printer("kdp"), &printer("ingramspark")};
}

inline LayoutResult lay_out(const std::string& printer_id, Binding binding, const std::string& trim,
                            int pages, const std::string& paper) {
    return compute_layout(printer(printer_id), BookSpec{binding, Size::parse(trim), pages, paper});
}

// The layout, failing the test (with the printer's reasons) when there is none.
inline Layout layout_of(const std::string& printer_id, Binding binding, const std::string& trim,
                        int pages, const std::string& paper) {
    LayoutResult result = lay_out(printer_id, binding, trim, pages, paper);
    INFO(printer_id << " " << binding_id(binding) << " " << trim << " " << pages << " " << paper);
    for (const auto& error : result.errors)
        INFO(error.message);
    REQUIRE(result.layout.has_value());
    return *result.layout;
}

inline bool has_code(const std::vector<Diagnostic>& diagnostics, const std::string& code) {
    for (const auto& d : diagnostics) {
        if (d.code == code)
            return true;
    }
    return false;
}

inline std::string messages(const std::vector<Diagnostic>& diagnostics) {
    std::string all;
    for (const auto& d : diagnostics)
        all += d.code + ": " + d.message + "\n";
    return all;
}

// A fresh folder, removed afterwards.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "podcover-test-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

inline std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

inline void write(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

// The sample book's job file, and its art (painted at build time).
inline const std::filesystem::path sample_job =
    std::filesystem::path(PODCOVER_SAMPLES) / "book" / "book.toml";

}  // namespace podcover::test
