#include "options.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>

#include "podcover/errors.hpp"
#include "podcover/names.hpp"

namespace podcover::cli {

void PrinterOptions::add_to(CLI::App& command) {
    command
        .add_option("--printer", printer,
                    "kdp, ingramspark, or all (default); several as kdp,ingramspark")
        ->type_name("PRINTER");
    command
        .add_option("--printer-file", printer_files,
                    "read a printer's rules from this TOML file (docs/printer-files.md); "
                    "replaces a built-in printer of the same id; may be repeated")
        ->type_name("FILE");
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
    auto* trim_option =
        command
            .add_option("--trim", trim,
                        "trim size with a unit (in, cm, mm or pt, any case; a decimal point, "
                        "not a comma): 6x9in, 152.4x228.6mm, 15.24x22.86cm" +
                            otherwise)
            ->type_name("SIZE");
    auto* pages_option =
        command.add_option("--pages", pages, "page count of the interior" + otherwise)
            ->type_name("N");
    auto* paper_option =
        command
            .add_option("--paper", paper,
                        "paper: white, cream (creme), groundwood, standard-color, premium-color, "
                        "white-70, standard-color-70; per printer: kdp=cream,ingramspark=cream" +
                            otherwise)
            ->type_name("PAPER");
    if (required) {
        trim_option->required();
        pages_option->required();
        paper_option->required();
    }
    command
        .add_option("--binding", binding,
                    std::string("paperback") + (required ? " (default)" : "") +
                        ", case-laminate (hardcover) or dust-jacket" + otherwise)
        ->type_name("BINDING");
}

Size BookOptions::parsed_trim() const {
    try {
        return Size::parse(trim);
    } catch (const ValueError& error) {
        throw UsageError(std::string("--trim: ") + error.what());
    }
}

namespace {
// "3,000" or "3.000": digits grouped in thousands, as many locales write them.
bool grouped_in_thousands(const std::string& text) {
    const std::size_t first = text.find_first_of(",.");
    if (first == 0 || first > 3)
        return false;
    const char separator = text[first];
    for (std::size_t at = first; at < text.size(); at += 4) {
        if (text[at] != separator || at + 4 > text.size())
            return false;
        if (text.substr(at + 1, 3).find_first_not_of("0123456789") != std::string::npos)
            return false;
    }
    return true;
}
}  // namespace

int parse_page_count(const std::string& text) {
    const std::string quoted = "'" + text + "'";
    if (!text.empty() && text.find_first_not_of("0123456789,.") == std::string::npos &&
        text.find_first_of(",.") != std::string::npos) {
        if (grouped_in_thousands(text)) {
            std::string digits = text;
            digits.erase(std::remove_if(digits.begin(), digits.end(),
                                        [](char c) { return c == ',' || c == '.'; }),
                         digits.end());
            throw ValueError(quoted + " is not a page count: write it without the separator, " +
                             digits);
        }
        throw ValueError(quoted +
                         " is not a whole number of pages: give the interior's page "
                         "count, such as 300");
    }
    int value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    const bool whole_number = !text.empty() && ptr == end;
    const bool negative = !text.empty() && text.front() == '-';
    if (whole_number && !negative &&
        (ec == std::errc::result_out_of_range || (ec == std::errc() && value > 100000))) {
        throw ValueError(quoted +
                         " pages is more than any printer binds: give the interior's "
                         "page count, such as 300");
    }
    if (whole_number && (negative || value < 1)) {
        throw ValueError(quoted +
                         " is not a page count: a book has at least 1 page; give the "
                         "interior's page count, such as 300");
    }
    if (!whole_number || ec != std::errc())
        throw ValueError(quoted + " is not a page count: give a whole number such as 300");
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
    // What authors also call them: "hardback" in Britain, "softcover" in the trade.
    const std::pair<std::string, std::string> other_words[] = {
        {"hardback", "hardcover"},  {"hard-cover", "hardcover"},  {"casebound", "case-laminate"},
        {"softcover", "paperback"}, {"soft-cover", "paperback"},  {"softback", "paperback"},
        {"jacket", "dust-jacket"},  {"dustjacket", "dust-jacket"}};
    std::vector<std::string> known{"paperback", "case-laminate", "hardcover", "dust-jacket"};
    for (const auto& other : other_words)
        known.push_back(other.first);
    if (auto nearest = nearest_name(binding, known)) {
        for (const auto& [word, binding_name] : other_words) {
            if (*nearest == word)
                nearest = binding_name;
        }
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
        const std::size_t colon = item.find(':');
        if (equals == std::string::npos && colon != std::string::npos) {
            throw UsageError("--paper: '" + item + "' is not a paper; write a printer's paper as " +
                             item.substr(0, colon) + "=" + item.substr(colon + 1));
        }
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

std::optional<std::string> unknown_paper(const PrinterCatalog& catalog,
                                         const std::vector<std::string>& printer_ids,
                                         const std::string& default_paper,
                                         const std::map<std::string, std::string>& by_printer) {
    std::vector<std::pair<std::string, std::string>> asked;  // paper, printer or ""
    if (!default_paper.empty())
        asked.emplace_back(default_paper, "");
    for (const auto& [printer, paper] : by_printer)
        asked.emplace_back(paper, printer);
    for (const auto& [paper, printer] : asked) {
        std::vector<std::string> known;
        bool found = false;
        for (const auto& id : printer_ids) {
            if (!printer.empty() && id != printer)
                continue;
            const PrinterSpec* spec = catalog.find(id);
            if (!spec)
                continue;
            found = found || spec->find_paper(paper) != nullptr;
            for (const auto& p : spec->papers) {
                if (std::find(known.begin(), known.end(), p.id) == known.end())
                    known.push_back(p.id);
                for (const auto& alias : p.aliases) {
                    if (std::find(known.begin(), known.end(), alias) == known.end())
                        known.push_back(alias);
                }
            }
        }
        if (found || known.empty())
            continue;
        std::string message = printer.empty()
                                  ? "unknown paper '" + paper + "'; the papers are "
                                  : printer + " has no paper '" + paper + "'; its papers are ";
        message += join_names(known);
        if (auto nearest = nearest_name(paper, known))
            message += "; did you mean " + *nearest + "?";
        return message;
    }
    return std::nullopt;
}

void check_papers_known(const PrinterCatalog& catalog, const std::vector<std::string>& printer_ids,
                        const std::string& default_paper,
                        const std::map<std::string, std::string>& by_printer) {
    if (auto message = unknown_paper(catalog, printer_ids, default_paper, by_printer))
        throw UsageError("--paper: " + *message);
}

std::optional<std::time_t> source_date_epoch() {
    const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
    if (!epoch)
        return std::nullopt;
    std::time_t seconds = 0;
    const std::string_view text(epoch);
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (error != std::errc() || end != text.data() + text.size()) {
        throw UsageError(std::string("SOURCE_DATE_EPOCH: '") + epoch +
                         "' is not a number of seconds since 1970; unset it or give one");
    }
    return seconds;
}

void check_output_folder(const std::string& folder) {
    std::error_code ignored;
    if (std::filesystem::exists(folder, ignored) &&
        !std::filesystem::is_directory(folder, ignored)) {
        throw OutputError("--output: " + folder +
                          " is a file, not a folder; name a folder to write into (it is created "
                          "if needed)");
    }
}

void OutputOptions::add_to(CLI::App& command) {
    command.add_option("--units", units, "units of the text report: in (default), cm, mm or pt")
        ->type_name("UNIT");
    command.add_flag("--json", json,
                     "print JSON (docs/json.md) instead of text; lengths in inches");
}

Unit OutputOptions::unit() const {
    if (const auto parsed = parse_unit(units))
        return *parsed;
    throw UsageError("--units: unknown unit '" + units + "'; use " + std::string(unit_choices()));
}

}  // namespace podcover::cli
