// The check command: a cover PDF in; a report per printer (text or JSON, docs/check.md), an
// annotated proof if asked for, and an exit code that says whether any printer fails.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "findings_text.hpp"
#include "json_text.hpp"
#include "podcover/check/check_proof.hpp"
#include "podcover/errors.hpp"
#include "podcover/names.hpp"
#include "podcover/render/output_files.hpp"
#include "podcover/render/pdf_output.hpp"
#include "spec_command.hpp"

namespace podcover::cli {
namespace {

std::string book_text(const check::PrinterCheck& printer) {
    const BookSpec& book = printer.book;
    if (book.trim.width <= Length())
        return "book unknown";
    std::string text =
        std::string(binding_id(book.binding)) + ", " + book.trim.format(Unit::in, 4) + ", " +
        (book.pages == 0 ? "page count unknown" : std::to_string(book.pages) + " pages") + " on " +
        book.paper;
    if (printer.expected)
        text += ": " + printer.expected->sheet.format(Unit::in, 4);
    return text;
}

std::string printed(const std::optional<check::PrintedLength>& length) {
    return length ? length->value.format_with_unit(Unit::in, 4) : std::string("not printed");
}

// The template read, and podcover's numbers against it.
std::string template_text(const check::TemplateReport& t) {
    const check::TemplateFacts& f = t.facts;
    std::string out = "\n" + std::string(t.is_template ? "A printer's template: " : "Template: ") +
                      t.printer_name + (f.binding ? " " + std::string(binding_id(*f.binding)) : "") +
                      (f.trim ? ", " + f.trim->size().format(Unit::in, 4) : "") +
                      (f.pages ? ", " + std::to_string(*f.pages) + " pages" : "") +
                      (f.paper.empty() ? "" : ", " + f.paper) +
                      (f.content_type.empty() ? "" : ", " + f.content_type) +
                      (f.isbn.empty() ? "" : ", ISBN " + f.isbn) + " (" +
                      t.file.filename().string() + ")\n";
    out += "  spine " + printed(f.spine_width);
    if (const auto cover = f.cover_size())
        out += ", cover " + cover->format(Unit::in, 4);
    out += "\n";
    if (!t.comparison) {
        out += "  not compared: its printer is not among those checked\n";
    } else {
        const check::TemplateComparison& c = *t.comparison;
        out += std::string("  podcover ") + (c.matches ? "matches it" : "differs from it") + "\n";
        for (const auto& field : c.fields) {
            out += "  " + std::string(field.matches ? "\xE2\x9C\x93 " : "\xE2\x9C\x97 ") +
                   field.field + ": template " + field.template_text + ", podcover " +
                   field.podcover_text + (field.tolerance.empty() ? "" : " (" + field.tolerance + ")") +
                   "\n";
        }
        for (const auto& note : c.notes)
            out += "  note: " + note + "\n";
    }
    for (const auto& note : f.notes)
        out += "  note: " + note + "\n";
    return out;
}

nlohmann::ordered_json template_json(const check::TemplateReport& t) {
    const check::TemplateFacts& f = t.facts;
    const check::TemplateComparison* c = t.comparison ? &*t.comparison : nullptr;
    auto length = [](const std::optional<Length>& l) {
        return l ? nlohmann::ordered_json(l->in()) : nlohmann::ordered_json(nullptr);
    };
    nlohmann::ordered_json j;
    j["file"] = t.file.string();
    j["is_template"] = t.is_template;
    j["printer"] = f.printer_id;
    const auto binding = f.binding ? f.binding : (c ? c->binding : std::nullopt);
    j["binding"] = binding ? nlohmann::ordered_json(binding_id(*binding)) : nullptr;
    const auto trim = f.trim ? std::optional<Size>(f.trim->size()) : (c ? c->trim : std::nullopt);
    j["trim"] = trim ? nlohmann::ordered_json{{"width_in", trim->width.in()},
                                              {"height_in", trim->height.in()}}
                     : nlohmann::ordered_json(nullptr);
    j["pages"] = f.pages ? nlohmann::ordered_json(*f.pages) : nullptr;
    j["isbn"] = f.isbn.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(f.isbn);
    const std::string paper = !f.paper_id.empty() ? f.paper_id : (c ? c->paper_id : "");
    j["paper"] = paper.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(paper);
    j["spine_width_in"] =
        length(f.spine_width ? std::optional<Length>(f.spine_width->value) : std::nullopt);
    const auto cover = f.cover_size();
    j["cover_width_in"] = length(cover ? std::optional<Length>(cover->width) : std::nullopt);
    j["cover_height_in"] = length(cover ? std::optional<Length>(cover->height) : std::nullopt);
    j["matches"] = c ? nlohmann::ordered_json(c->matches) : nullptr;
    auto& differences = j["differences"] = nlohmann::ordered_json::array();
    if (c) {
        for (const auto& d : c->differences()) {
            differences.push_back(
                {{"field", d.field},
                 {"template", d.template_value ? nlohmann::ordered_json(d.template_value->in())
                                               : nlohmann::ordered_json(d.template_text)},
                 {"podcover", d.podcover_value ? nlohmann::ordered_json(d.podcover_value->in())
                                               : nlohmann::ordered_json(d.podcover_text)}});
        }
    }
    std::vector<std::string> notes = f.notes;
    if (c)
        notes.insert(notes.end(), c->notes.begin(), c->notes.end());
    j["notes"] = notes;
    return j;
}

std::string report_text(const check::CheckReport& report) {
    std::string out = report.file.string() + ": " + std::to_string(report.pages) + " page" +
                      (report.pages > 1 ? "s" : "") + ", " + report.page.format(Unit::in, 4) + "\n";
    if (report.printer_template && report.printer_template->is_template)
        return out + template_text(*report.printer_template);
    for (const auto& fact : report.inferred)
        out += "  " + fact.what + ": " + fact.value + " (" + fact.how + ")\n";
    if (!report.fits.empty()) {
        out += "  its size fits: ";
        for (std::size_t i = 0; i < report.fits.size() && i < 4; ++i)
            out += (i ? "; " : "") + report.fits[i];
        out += "\n";
    }
    for (const auto& printer : report.printers) {
        out += "\n" + printer.printer->name + ": " +
               std::string(check::verdict_id(printer.verdict)) + " (" + book_text(printer) + ")\n";
        out += findings_text(printer, "  ");
        for (const auto& note : printer.notes)
            out += "  note: " + note + "\n";
    }
    for (const auto& skipped : report.skipped)
        out += "\n" + skipped.reason + "\n";
    if (report.printer_template)
        out += template_text(*report.printer_template);
    out += "\nNot checked:\n";
    for (const auto& limit : report.limits)
        out += "  - " + limit + "\n";
    out += "Boxes are in inches from the cover's top-left corner (the cover lies at " +
           report.cover.left().format(Unit::in, 3) + ", " + report.cover.top().format(Unit::in, 3) +
           " in on the page).\n";
    return out;
}

nlohmann::ordered_json report_json(const check::CheckReport& report) {
    nlohmann::ordered_json j;
    j["file"] = report.file.string();
    j["pages"] = report.pages;
    j["page_width_in"] = report.page.width.in();
    j["page_height_in"] = report.page.height.in();
    j["cover_in"] = box_json(report.cover);
    j["cover_found"] = {{"method", check::locate_method_id(report.cover_method)},
                        {"how", report.cover_found}};
    j["image_only"] = report.image_only;
    auto& inferred = j["inferred"] = nlohmann::ordered_json::array();
    for (const auto& fact : report.inferred)
        inferred.push_back({{"what", fact.what}, {"value", fact.value}, {"how", fact.how}});
    j["fits"] = report.fits;
    auto& printers = j["printers"] = nlohmann::ordered_json::array();
    for (const auto& printer : report.printers) {
        nlohmann::ordered_json p;
        p["printer"] = printer.printer->id;
        p["printer_name"] = printer.printer->name;
        p["verdict"] = check::verdict_id(printer.verdict);
        p["book"] = {
            {"binding", binding_id(printer.book.binding)},
            {"trim_width_in", printer.book.trim.width.in()},
            {"trim_height_in", printer.book.trim.height.in()},
            {"pages", printer.book.pages == 0 ? nlohmann::ordered_json(nullptr)
                                              : nlohmann::ordered_json(printer.book.pages)},
            {"paper", printer.book.paper}};
        p["expected"] =
            printer.expected ? layout_json(*printer.expected) : nlohmann::ordered_json(nullptr);
        p["expected_offset_in"] = {printer.offset_x.in(), printer.offset_y.in()};
        p["findings"] = findings_json(printer.findings);
        p["passed"] = printer.passed;
        p["notes"] = printer.notes;
        printers.push_back(std::move(p));
    }
    auto& skipped = j["skipped"] = nlohmann::ordered_json::array();
    for (const auto& s : report.skipped)
        skipped.push_back({{"printer", s.printer}, {"reason", s.reason}});
    j["limits"] = report.limits;
    j["template"] = report.printer_template ? template_json(*report.printer_template)
                                            : nlohmann::ordered_json(nullptr);
    return j;
}

// --time-limit: seconds, a decimal from 0.1 to 3600.
std::chrono::milliseconds parsed_time_limit(const std::string& text) {
    const bool decimal = !text.empty() &&
                         text.find_first_not_of("0123456789.") == std::string::npos &&
                         std::count(text.begin(), text.end(), '.') <= 1 && text != ".";
    double seconds = 0;
    if (decimal) {
        // Digits and one point: read without the locale (std::stod would take a comma).
        const std::size_t point = text.find('.');
        double whole = 0, fraction = 0, scale = 1;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (i == point)
                continue;
            if (point == std::string::npos || i < point) {
                whole = whole * 10 + (text[i] - '0');
            } else {
                scale /= 10;
                fraction += (text[i] - '0') * scale;
            }
        }
        seconds = whole + fraction;
    }
    if (!decimal || seconds < 0.1 || seconds > 3600) {
        throw UsageError("--time-limit: '" + text +
                         "' is not a number of seconds from 0.1 to 3600; give one, for example "
                         "--time-limit 30");
    }
    return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000 + 0.5));
}

}  // namespace

void CheckCommand::add_to(CLI::App& app) {
    command_ = app.add_subcommand(
        "check", "Check a cover PDF against each printer: a report, a verdict and a proof");
    command_->footer(
        "Example:\n  podcover check cover.pdf\n"
        "  podcover check cover.pdf --pages 300 --paper cream --proof checked.pdf\n"
        "  podcover check cover.pdf --template ingramspark-template.pdf\n"
        "  podcover check kdp-template.pdf      (a printer's template: compared with podcover)\n\n"
        "Exit codes of check (docs/check.md):\n"
        "  0  no printer fails (warnings may have been found)\n"
        "  1  a printer fails, or a printer's template differs from podcover's numbers\n"
        "  2  usage error\n"
        "  3  the PDF (or a printer file, the interior or the template) cannot be read\n"
        "  4  the proof cannot be written\n"
        "  5  internal error: a bug in podcover");
    command_->add_option("cover", cover_, "the cover PDF")->required()->type_name("PDF");
    book_.binding.clear();  // inferred unless given
    book_.add_to(*command_, false);
    command_
        ->add_option("--interior", interior_,
                     "the interior PDF: page count and trim are read from it")
        ->type_name("PDF");
    command_
        ->add_option("--template", template_,
                     "the printer's template for the book (KDP's Cover Calculator PDF or "
                     "IngramSpark's): its book facts, and where the artwork sits on its page")
        ->type_name("PDF");
    command_
        ->add_option("--direction", direction_,
                     "ltr or rtl: a right-to-left book (front cover on the left); by default "
                     "left to right, or right to left when the ISBN barcode is on the right")
        ->type_name("DIR");
    printers_.add_to(*command_);
    command_->add_option("--proof", proof_, "write an annotated proof PDF here")->type_name("PDF");
    command_->add_flag("--json", json_, "print JSON (docs/check.md) instead of text");
    command_
        ->add_option("--time-limit", time_limit_,
                     "stop reading the PDF after this many seconds (default: 2, and 8 more per "
                     "650 MB of the files read; docs/check.md, Limits)")
        ->type_name("SECONDS");
}

CommandOutput CheckCommand::run() const {
    check::CheckRequest request;
    request.file = cover_;
    if (!book_.trim.empty())
        request.hints.trim = book_.parsed_trim();
    if (!book_.pages.empty())
        request.hints.pages = book_.parsed_pages();
    if (!book_.binding.empty())
        request.hints.binding = book_.parsed_binding();
    if (!interior_.empty())
        request.hints.interior = interior_;
    if (!template_.empty())
        request.template_file = template_;
    if (direction_ == "rtl")
        request.hints.direction = ReadingDirection::right_to_left;
    else if (direction_ == "ltr")
        request.hints.direction = ReadingDirection::left_to_right;
    else if (!direction_.empty())
        throw UsageError("--direction: unknown direction '" + direction_ +
                         "'; use ltr (left to right) or rtl (right to left: the front cover on "
                         "the left)");
    const PrinterCatalog catalog = printers_.load_catalog();
    const auto ids = printers_.selected(catalog);
    if (!book_.paper.empty()) {
        book_.parse_paper(ids, request.hints.paper, request.hints.paper_by_printer, false);
        // A paper no selected printer has is a typo, not a fact to infer around.
        check_papers_known(catalog, ids, request.hints.paper, request.hints.paper_by_printer);
    }
    for (const auto& id : ids)
        request.printers.push_back(catalog.find(id));
    if (!time_limit_.empty())
        request.time_limit = parsed_time_limit(time_limit_);
    // The proof may replace none of the files read: the cover, the interior, the template, a
    // printer file.
    render::OutputFiles outputs({cover_});
    for (const auto& input : {interior_, template_})
        outputs.add_input(input);
    for (const auto& file : printers_.printer_files)
        outputs.add_input(file);
    if (!proof_.empty()) {
        std::error_code ignored;
        if (std::filesystem::is_directory(proof_, ignored)) {
            throw OutputError("--proof: " + proof_ + " is a folder; name the proof's PDF file, " +
                              "for example --proof " +
                              (std::filesystem::path(proof_) / "proof.pdf").string());
        }
        outputs.refuse_inputs(proof_, "--proof");
        outputs.clean_folder(std::filesystem::path(proof_).has_parent_path()
                                 ? std::filesystem::path(proof_).parent_path()
                                 : std::filesystem::path("."));
    }

    const auto checked = check::CoverCheck::run(request);
    const check::CheckReport& report = checked->report();
    if (!proof_.empty()) {
        outputs.stage(proof_, check::annotated_proof(*checked));
        outputs.commit();
    }
    CommandOutput output;
    output.out = json_ ? json_text(report_json(report)) : report_text(report);
    output.exit_code = report.any_failed() ? exit_refused : exit_ok;
    return output;
}

}  // namespace podcover::cli
