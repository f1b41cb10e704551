// Printer files: a printer's cover rules as TOML (docs/printer-files.md). The files in
// templates/ are built into podcover; a user can load another with --printer-file.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "podcover/printer.hpp"

namespace podcover {

// Reads a printer file's text. `origin` names it in errors ("templates/kdp.toml", "built-in
// kdp.toml"). Throws InputError "origin:line: key: what is wrong; how to fix it", with the
// nearest known key for a misspelt one.
PrinterSpec parse_printer_file(std::string_view text, const std::string& origin);

// Reads a printer file from disk. Throws InputError when it cannot be read or is not valid.
PrinterSpec read_printer_file(const std::filesystem::path& path);

// The printer files built into podcover, by file name ("kdp.toml"), and their text.
struct EmbeddedFile {
    std::string_view name;
    std::string_view text;
};
std::vector<EmbeddedFile> builtin_printer_files();

// The printers podcover knows: the built-in ones, and any read from files, which replace a
// built-in printer of the same id.
class PrinterCatalog {
  public:
    // The built-in printers (KDP, IngramSpark), parsed once.
    static PrinterCatalog builtin();

    void add(PrinterSpec printer);
    const PrinterSpec* find(std::string_view id) const;
    const std::vector<PrinterSpec>& printers() const { return printers_; }
    std::vector<std::string> ids() const;

  private:
    std::vector<PrinterSpec> printers_;
};

}  // namespace podcover
