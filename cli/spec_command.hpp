// `podcover spec`: one book on one or more printers, side by side, as a value (SpecReport)
// with two interchangeable outputs: text for people, JSON for programs (docs/json.md).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "podcover/compare.hpp"
#include "podcover/layout.hpp"
#include "podcover/printer_file.hpp"

namespace podcover::cli {

struct SpecRequest {
    std::vector<std::string> printer_ids;  // in the order to show them
    Binding binding = Binding::paperback;
    Size trim;
    int pages = 0;
    std::string paper;                                    // for every printer without its own
    std::map<std::string, std::string> paper_by_printer;  // printer id -> paper
    Unit unit = Unit::in;

    std::string paper_for(const std::string& printer_id) const;
};

struct PrinterResult {
    const PrinterSpec* printer = nullptr;
    BookSpec book;
    std::optional<Layout> layout;
    std::vector<Diagnostic> errors;
};

struct PairComparison {
    std::size_t first = 0;  // indexes into SpecReport::results
    std::size_t second = 0;
    Comparison comparison;
};

struct SpecReport {
    SpecRequest request;
    std::vector<PrinterResult> results;
    std::vector<PairComparison> comparisons;  // every pair of printers that both lay out

    bool any_refused() const;
};

// Lays the book out on every requested printer and compares each pair. Printers that refuse
// the book carry their errors; the others are still laid out.
SpecReport run_spec(const PrinterCatalog& catalog, const SpecRequest& request);

std::string spec_text(const SpecReport& report);
nlohmann::ordered_json spec_json(const SpecReport& report);

// JSON for one layout (shared by every command that reports geometry).
nlohmann::ordered_json layout_json(const Layout& layout);
nlohmann::ordered_json diagnostics_json(const std::vector<Diagnostic>& diagnostics);

}  // namespace podcover::cli
