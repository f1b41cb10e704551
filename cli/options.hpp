// Option groups shared by podcover's commands. Each group registers its own options and
// checks its values before any work starts (the way hb-view's option structs do), throwing
// UsageError with the option, the value and the fix.
#pragma once

#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "podcover/layout.hpp"
#include "podcover/printer_file.hpp"

namespace podcover::cli {

// --printer and --printer-file.
struct PrinterOptions {
    std::string printer = "all";
    std::vector<std::string> printer_files;

    void add_to(CLI::App& command);
    // The built-in printers and those of --printer-file (InputError when one cannot be read).
    PrinterCatalog load_catalog() const;
    // The printers --printer selects, in catalog order: "all", one id, or ids separated by
    // commas.
    std::vector<std::string> selected(const PrinterCatalog& catalog) const;
};

// --trim, --pages, --paper, --binding.
struct BookOptions {
    std::string trim;
    std::string pages;
    std::string paper;
    std::string binding = "paperback";

    // `required`: the command needs the book's facts (spec, template); check infers them.
    void add_to(CLI::App& command, bool required = true);
    Size parsed_trim() const;
    int parsed_pages() const;
    Binding parsed_binding() const;
    // --paper white, or per printer: --paper kdp=cream,ingramspark=cream (a plain name sets
    // the paper of every printer not named).
    // `every_printer`: each printer must end with a paper (spec, template); check infers the
    // rest. Throws UsageError for a malformed list, two papers for all, or a printer not laid
    // out.
    void parse_paper(const std::vector<std::string>& printer_ids, std::string& default_paper,
                     std::map<std::string, std::string>& by_printer,
                     bool every_printer = true) const;
};

// --units and --json.
struct OutputOptions {
    std::string units = "in";
    bool json = false;

    void add_to(CLI::App& command);
    Unit unit() const;
};

// The first paper that none of the printers has (whte), or that a printer named with it does
// not have (kdp = white-70), as "unknown paper 'whte'; the papers are ...; did you mean
// white?". A name podcover does not know is the user's mistake; a paper one printer has and
// another does not is that printer's refusal (exit 1), not this.
std::optional<std::string> unknown_paper(const PrinterCatalog& catalog,
                                         const std::vector<std::string>& printer_ids,
                                         const std::string& default_paper,
                                         const std::map<std::string, std::string>& by_printer);
// Throws UsageError "--paper: " + unknown_paper(...), when there is one.
void check_papers_known(const PrinterCatalog& catalog, const std::vector<std::string>& printer_ids,
                        const std::string& default_paper,
                        const std::map<std::string, std::string>& by_printer);

// Throws OutputError when `folder` (an --output) is an existing file: named before any work.
void check_output_folder(const std::string& folder);

// SOURCE_DATE_EPOCH (the reproducible-builds convention), when set: the date PDF/X covers
// carry. Throws UsageError when it is not a whole number of seconds since 1970.
std::optional<std::time_t> source_date_epoch();

// A page count: a whole number from 1 to 100000. Throws ValueError naming the mistake: a
// thousands separator, a fraction, a count below 1 or beyond any printer.
int parse_page_count(const std::string& text);

}  // namespace podcover::cli
