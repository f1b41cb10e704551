#include "options.hpp"

#include <algorithm>
#include <charconv>

#include "podcover/errors.hpp"
#include "podcover/names.hpp"

namespace podcover::cli {

void PrinterOptions::add_to(CLI::App& command) {
    command.add_option("--printer", printer,
                       "kdp, ingramspark, or all (default); several as kdp,ingramspark");
    command.add_option("--printer-file", printer_files,
                       "read a printer's rules from this TOML file (docs/printer-files.md); "
                       "replaces a built-in printer of the same id; may be repeated");
}

PrinterCatalog PrinterOptions::load_catalog() const {
    PrinterCatalog catalog = PrinterCatalog::builtin();
    for (const auto& file : printer_files)
        catalog.add(read_printer_file(file));
    return catalog;
}

std::vector<std::string> PrinterOptions::selected(const PrinterCatalog& catalog) const {
    if (printer == "all")
        return catalog.ids();
    std::vector<std::string> ids;
    std::size_t start = 0;
    while (start <= printer.size()) {
        const std::size_t comma = std::min(printer.find(',', start), printer.size());
        const std::string id = printer.substr(start, comma - start);
        start = comma + 1;
        if (!catalog.find(id)) {
            std::string message = "--printer: unknown printer '" + id + "'; podcover knows " +
                                  join_names(catalog.ids(), "and") + " (or all)";
            if (auto nearest = nearest_name(id, catalog.ids())) {
                message += "; did you mean " + *nearest + "?";
            }
            throw UsageError(message);
        }
        if (std::find(ids.begin(), ids.end(), id) == ids.end())
            ids.push_back(id);
    }
    return ids;
}

void BookOptions::add_to(CLI::App& command, bool required) {
    // Without required facts (check), what is not given is inferred from the cover.
    const std::string otherwise = required ? "" : " (inferred from the cover when not given)";
    auto* trim_option = command.add_option(
        "--trim", trim, "trim size with a unit: 6x9in, 152.4x228.6mm" + otherwise);
    auto* pages_option =
        command.add_option("--pages", pages, "page count of the interior" + otherwise);
    auto* paper_option = command.add_option(
        "--paper", paper,
        "paper: white, cream (creme), groundwood, standard-color, premium-color, "
        "white-70, standard-color-70; per printer: kdp=cream,ingramspark=cream" +
            otherwise);
    if (required) {
        trim_option->required();
        pages_option->required();
        paper_option->required();
    }
    command.add_option("--binding", binding,
                       std::string("paperback") + (required ? " (default)" : "") +
                           ", case-laminate (hardcover) or dust-jacket" + otherwise);
}

Size BookOptions::parsed_trim() const {
    try {
        return Size::parse(trim);
    } catch (const ValueError& error) {
        throw UsageError(std::string("--trim: ") + error.what());
    }
}

int parse_page_count(const std::string& text) {
    int value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end || value < 1 || value > 100000) {
        throw ValueError("'" + text + "' is not a page count: give a whole number such as 300");
    }
    return value;
}

int BookOptions::parsed_pages() const {
    try {
        return parse_page_count(pages);
    } catch (const ValueError& error) {
        throw UsageError(std::string("--pages: ") + error.what());
    }
}

Binding BookOptions::parsed_binding() const {
    if (const auto parsed = parse_binding(binding))
        return *parsed;
    std::string message = "--binding: unknown binding '" + binding +
                          "'; use paperback, case-laminate (or hardcover) or dust-jacket";
    if (auto nearest =
            nearest_name(binding, {"paperback", "case-laminate", "hardcover", "dust-jacket"})) {
        message += "; did you mean " + *nearest + "?";
    }
    throw UsageError(message);
}

void BookOptions::parse_paper(const std::vector<std::string>& printer_ids,
                              std::string& default_paper,
                              std::map<std::string, std::string>& by_printer,
                              bool every_printer) const {
    std::size_t start = 0;
    while (start <= paper.size()) {
        const std::size_t comma = std::min(paper.find(',', start), paper.size());
        const std::string item = paper.substr(start, comma - start);
        start = comma + 1;
        const std::size_t equals = item.find('=');
        if (item.empty() || equals == 0 || equals + 1 == item.size()) {
            throw UsageError("--paper: '" + paper +
                             "' is not a paper list: write white, or kdp=cream,ingramspark=cream");
        }
        if (equals == std::string::npos) {
            if (!default_paper.empty()) {
                throw UsageError("--paper: two papers for every printer, " + default_paper +
                                 " and " + item + "; give one, or one per printer: kdp=" +
                                 default_paper + ",ingramspark=" + item);
            }
            default_paper = item;
            continue;
        }
        const std::string printer = item.substr(0, equals);
        if (std::find(printer_ids.begin(), printer_ids.end(), printer) == printer_ids.end()) {
            throw UsageError("--paper: '" + printer + "' is not a printer being laid out (" +
                             join_names(printer_ids) + ")");
        }
        by_printer[printer] = item.substr(equals + 1);
    }
    for (const auto& id : printer_ids) {
        if (every_printer && default_paper.empty() && by_printer.count(id) == 0) {
            throw UsageError("--paper: no paper for " + id + ": add " + id +
                             "=<paper>, or give one paper for all printers");
        }
    }
}

void OutputOptions::add_to(CLI::App& command) {
    command.add_option("--units", units, "units of the text report: in (default), mm or pt");
    command.add_flag("--json", json,
                     "print JSON (docs/json.md) instead of text; lengths in inches");
}

Unit OutputOptions::unit() const {
    if (units == "in")
        return Unit::in;
    if (units == "mm")
        return Unit::mm;
    if (units == "pt")
        return Unit::pt;
    throw UsageError("--units: unknown unit '" + units + "'; use in, mm or pt");
}

}  // namespace podcover::cli
