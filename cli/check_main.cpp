// The check command: a cover PDF in; a report per printer (text or JSON, docs/check.md), an
// annotated proof if asked for, and an exit code that says whether any printer fails.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>

#include "commands.hpp"
#include "cover_files.hpp"
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

// "KDP pass, IngramSpark warn": a cover's line in the summary of several.
std::string verdicts_text(const check::CheckReport& report) {
    std::vector<std::string> parts;
    if (report.printer_template && report.printer_template->is_template) {
        const check::TemplateReport& t = *report.printer_template;
        parts.push_back(t.printer_name + "'s template, " +
                        (!t.comparison           ? "not compared"
                         : t.comparison->matches ? "podcover matches it"
                                                 : "podcover differs from it"));
    }
    for (const auto& printer : report.printers)
        parts.push_back(printer.printer->name + " " +
                        std::string(check::verdict_id(printer.verdict)));
    for (const auto& skipped : report.skipped)
        parts.push_back(skipped.printer + " skipped");
    std::string text;
    for (const auto& part : parts)
        text += (text.empty() ? "" : ", ") + part;
    return text.empty() ? "no printer checked" : text;
}

// One cover, as check has always reported it.
CommandOutput check_one(check::CheckRequest request, const std::filesystem::path& cover,
                        const std::vector<std::string>& inputs, const std::string& proof,
                        bool json) {
    request.file = cover;
    // The proof may replace none of the files read: the cover, the interior, the template, a
    // printer file.
    render::OutputFiles outputs({cover});
    for (const auto& input : inputs)
        outputs.add_input(input);
    if (!proof.empty()) {
        std::error_code ignored;
        if (std::filesystem::is_directory(proof, ignored)) {
            throw OutputError("--proof: " + proof + " is a folder; name the proof's PDF file, " +
                              "for example --proof " +
                              (std::filesystem::path(proof) / "proof.pdf").string());
        }
        outputs.refuse_inputs(proof, "--proof");
        outputs.clean_folder(std::filesystem::path(proof).has_parent_path()
                                 ? std::filesystem::path(proof).parent_path()
                                 : std::filesystem::path("."));
    }

    const auto checked = check::CoverCheck::run(request);
    const check::CheckReport& report = checked->report();
    if (!proof.empty()) {
        outputs.stage(proof, check::annotated_proof(*checked));
        outputs.commit();
    }
    CommandOutput output;
    output.out = json ? json_text(report_json(report)) : report_text(report);
    output.exit_code = report.any_failed() ? exit_refused : exit_ok;
    return output;
}

// Several covers (docs/check.md, Several covers): each checked with the same options, one
// that cannot be read reported in its entry while the others go on, then a summary; the exit
// code is the highest of the covers'.
CommandOutput check_many(const check::CheckRequest& base,
                         const std::vector<std::filesystem::path>& covers,
                         const std::vector<std::string>& inputs, const std::string& proof,
                         bool json) {
    render::OutputFiles outputs(covers);
    for (const auto& input : inputs)
        outputs.add_input(input);
    // Every proof named, and refused if it would replace an input, before any cover is read.
    std::vector<std::filesystem::path> proofs;
    if (!proof.empty()) {
        std::error_code ignored;
        const std::filesystem::path folder(proof);
        const bool is_folder = std::filesystem::is_directory(folder, ignored);
        if (!is_folder && is_pdf_name(folder)) {
            throw UsageError("--proof: " + proof + " names a PDF, but " +
                             std::to_string(covers.size()) +
                             " covers are checked; name a folder to write each cover's "
                             "<name>.proof.pdf into");
        }
        if (!is_folder && std::filesystem::exists(folder, ignored)) {
            throw OutputError("--proof: " + proof +
                              " is a file, not a folder; name a folder to write each cover's "
                              "<name>.proof.pdf into (it is created if needed)");
        }
        for (std::size_t i = 0; i < covers.size(); ++i) {
            const auto path = folder / (covers[i].stem().string() + ".proof.pdf");
            for (std::size_t earlier = 0; earlier < proofs.size(); ++earlier) {
                if (proofs[earlier] == path) {
                    throw UsageError("--proof: " + covers[earlier].string() + " and " +
                                     covers[i].string() + " would both have their proof in " +
                                     path.string() + "; check them in separate runs");
                }
            }
            outputs.refuse_inputs(path, "--proof");
            proofs.push_back(path);
        }
        outputs.clean_folder(folder);
    }

    CommandOutput output;
    nlohmann::ordered_json entries = nlohmann::ordered_json::array();
    std::string reports;
    std::string summary;
    int ok = 0, failed = 0, not_checked = 0;
    for (std::size_t i = 0; i < covers.size(); ++i) {
        const std::string file = covers[i].string();
        nlohmann::ordered_json entry;
        entry["file"] = file;
        reports += std::string(i ? "\n" : "") + "=== " + file + " (" + std::to_string(i + 1) +
                   " of " + std::to_string(covers.size()) + ") ===\n";
        try {
            check::CheckRequest request = base;
            request.file = covers[i];
            const auto checked = check::CoverCheck::run(request);
            const check::CheckReport& report = checked->report();
            if (!proofs.empty())
                outputs.stage(proofs[i], check::annotated_proof(*checked));
            const int exit_code = report.any_failed() ? exit_refused : exit_ok;
            output.exit_code = std::max(output.exit_code, exit_code);
            ++(exit_code == exit_ok ? ok : failed);
            entry["exit_code"] = exit_code;
            entry["error"] = nullptr;
            const nlohmann::ordered_json single = report_json(report);
            for (auto field = single.begin(); field != single.end(); ++field) {
                if (field.key() != "file")
                    entry[field.key()] = field.value();
            }
            reports += report_text(report);
            summary += "  " + file + ": " + verdicts_text(report) + "\n";
        } catch (const OutputError&) {
            throw;  // a proof that cannot be written ends the run, as it does for one cover
        } catch (const std::exception& error) {
            const int exit_code = exit_code_of(error);
            output.exit_code = std::max(output.exit_code, exit_code);
            ++not_checked;
            std::string message = error.what();
            if (exit_code == exit_internal) {
                message =
                    "internal error: " + message + "; please report it with the command you ran";
            }
            // Messages name the file already, nearly always.
            if (message.find(file) == std::string::npos)
                message = file + ": " + message;
            entry["exit_code"] = exit_code;
            entry["error"] = message;
            reports += "not checked (exit " + std::to_string(exit_code) + "): " + message + "\n";
            summary += "  " + file + ": not checked (exit " + std::to_string(exit_code) + ")\n";
            output.errors.push_back(message);
        }
        entries.push_back(std::move(entry));
    }
    if (!proofs.empty())
        outputs.commit();

    if (json) {
        nlohmann::ordered_json j;
        j["files"] = std::move(entries);
        j["summary"] = {{"files", covers.size()},
                        {"ok", ok},
                        {"failed", failed},
                        {"not_checked", not_checked},
                        {"exit_code", output.exit_code}};
        output.out = json_text(j);
    } else {
        output.out = reports + "\nSummary of " + std::to_string(covers.size()) +
                     " covers: " + std::to_string(ok) + " ok (no printer fails), " +
                     std::to_string(failed) + " failing, " + std::to_string(not_checked) +
                     " not checked\n" + summary;
    }
    return output;
}

}  // namespace

void CheckCommand::add_to(CLI::App& app) {
    command_ = app.add_subcommand(
        "check", "Check cover PDFs against each printer: a report, a verdict and a proof");
    command_->footer(
        "Example:\n  podcover check cover.pdf\n"
        "  podcover check cover.pdf --pages 300 --paper cream --proof checked.pdf\n"
        "  podcover check cover.pdf --template ingramspark-template.pdf\n"
        "  podcover check kdp-template.pdf      (a printer's template: compared with podcover)\n"
        "  podcover check covers/ --printer kdp --proof proofs/\n"
        "                (every *.pdf of covers/, in name order; a proof each in proofs/)\n\n"
        "Several covers (or a folder): each is checked with the same options (--pages, --trim,\n"
        "--paper, --interior, --template ... apply to every one) and its own time limit; the\n"
        "report gives each cover's, then a summary, and a cover that cannot be read does not\n"
        "stop the others.\n\n"
        "Exit codes of check (docs/check.md); of several covers, the highest of theirs:\n"
        "  0  no printer fails (warnings may have been found)\n"
        "  1  a printer fails, or a printer's template differs from podcover's numbers\n"
        "  2  usage error\n"
        "  3  the PDF (or a printer file, the interior or the template) cannot be read\n"
        "  4  the proof cannot be written\n"
        "  5  internal error: a bug in podcover");
    command_
        ->add_option("cover", covers_,
                     "the cover PDF; or several, or folders of them (a folder's *.pdf files, "
                     "not its subfolders', in name order)")
        ->required()
        ->type_name("PDF|FOLDER");
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
    command_
        ->add_option("--proof", proof_,
                     "write an annotated proof PDF here; for several covers, a folder to write "
                     "<name>.proof.pdf into")
        ->type_name("PDF|FOLDER");
    command_->add_flag("--json", json_, "print JSON (docs/check.md) instead of text");
    command_
        ->add_option("--time-limit", time_limit_,
                     "stop reading the PDF after this many seconds (default: 3, and 7 more per "
                     "650 MB of the files read; docs/check.md, Limits); for each cover")
        ->type_name("SECONDS");
}

CommandOutput CheckCommand::run() const {
    // Everything but the cover: the same for each of several.
    check::CheckRequest request;
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
    // The files read besides the covers, which no proof may replace.
    std::vector<std::string> inputs{interior_, template_};
    inputs.insert(inputs.end(), printers_.printer_files.begin(), printers_.printer_files.end());

    bool any_folder = false;
    const std::vector<std::filesystem::path> covers = cover_files(covers_, any_folder, "check");
    if (covers.size() == 1 && !any_folder)
        return check_one(std::move(request), covers.front(), inputs, proof_, json_);
    return check_many(request, covers, inputs, proof_, json_);
}

}  // namespace podcover::cli
