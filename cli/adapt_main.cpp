// The adapt command: finished covers in, each the target printer's (or a new page count's)
// out, with a report per cover (text or JSON, docs/adapt.md), its check for the target
// printer, a proof if asked for, and an exit code that says whether any was refused or fails.
#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "cover_files.hpp"
#include "exit_codes.hpp"
#include "findings_text.hpp"
#include "json_text.hpp"
#include "podcover/adapt/adapt.hpp"
#include "podcover/errors.hpp"
#include "podcover/names.hpp"
#include "podcover/render/output_files.hpp"
#include "spec_command.hpp"

namespace podcover::cli {
namespace {

std::string in(Length length) {
    return length.format_with_unit(Unit::in, 4);
}

const PrinterSpec& printer_named(const PrinterCatalog& catalog, const std::string& option,
                                 const std::string& id) {
    if (const PrinterSpec* printer = catalog.find(id))
        return *printer;
    std::string message =
        option + ": unknown printer '" + id + "'; podcover knows " + join_names(catalog.ids());
    if (auto nearest = nearest_name(id, catalog.ids()))
        message += "; did you mean " + *nearest + "?";
    throw UsageError(message);
}

// "salt-road.kdp.pdf" -> "salt-road": render's output name without its printer.
std::string stem_of(const std::filesystem::path& cover, const PrinterCatalog& catalog) {
    std::string stem = cover.stem().string();
    for (const auto& id : catalog.ids()) {
        const std::string suffix = "." + id;
        if (stem.size() > suffix.size() && stem.ends_with(suffix))
            return stem.substr(0, stem.size() - suffix.size());
    }
    return stem;
}

std::string book_text(const Layout& layout) {
    return layout.printer_name + " " + std::string(binding_id(layout.binding)) + " " +
           layout.trim.format(Unit::in, 4) + ", " + std::to_string(layout.pages) + " pages on " +
           layout.paper_id + ": " + layout.sheet.format(Unit::in, 4) + ", spine " +
           in(layout.spine_width);
}

std::string lettering_name(const adapt::SpineLettering& lettering) {
    return lettering.from_pixels ? std::string("spine lettering (seen in its pixels)")
                                 : "spine text '" + lettering.text + "'";
}

std::string report_text(const adapt::AdaptReport& r) {
    std::string out = r.source.string() + " \xE2\x86\x92 " +
                      (r.output ? r.output->string() : std::string("nothing written")) + "\n";
    out += "  source: " + book_text(r.source_layout) + " (" + r.source_printer_how + ")\n";
    out += "  found: " + r.cover_found + "\n";
    out += "  result: " + book_text(r.target_layout) +
           (r.template_file ? ", on " + r.template_file->filename().string() + "'s page" : "") +
           "\n";
    for (const auto& note : r.notes)
        out += "  " + note + "\n";
    for (const auto& c : r.spine_text) {
        out += "  " + std::string(c.ok ? "\xE2\x9C\x93 " : "\xE2\x9C\x97 ") +
               lettering_name(c.lettering) + ": " + in(c.source_back) + " from the back fold, " +
               in(c.source_front) + " from the front on the source; " + in(c.result_back) +
               " and " + in(c.result_front) + " on the result (" + r.target_layout.printer_name +
               " needs " + in(c.needed) + ")\n";
    }
    for (const auto& refusal : r.refusals)
        out += std::string(r.forced ? "  \xE2\x9A\xA0 forced: " : "  \xE2\x9C\x97 refused: ") +
               refusal + "\n";
    if (r.refused())
        out += "  nothing written: give --force to write it anyway\n";
    for (const auto& warning : r.warnings) {
        if (warning.rfind("written with --force", 0) != 0)
            out += "  \xE2\x9A\xA0 " + warning + "\n";
    }
    if (r.check) {
        out += "  " + r.target_layout.printer_name + ": " +
               std::string(check::verdict_id(r.check->verdict)) + " (the result, checked)\n";
        out += findings_text(*r.check, "    ");
    }
    if (r.proof)
        out += "  proof: " + r.proof->string() + "\n";
    return out;
}

nlohmann::ordered_json report_json(const adapt::AdaptReport& r) {
    nlohmann::ordered_json j;
    j["source"] = r.source.string();
    j["output"] = r.output ? nlohmann::ordered_json(r.output->string()) : nullptr;
    j["proof"] = r.proof ? nlohmann::ordered_json(r.proof->string()) : nullptr;
    j["written"] = r.output.has_value();
    j["refused"] = r.refused();
    j["forced"] = r.forced;
    j["from"] = {{"printer", r.source_printer->id},
                 {"how", r.source_printer_how},
                 {"cover_found", r.cover_found},
                 {"sheet_in", box_json(r.source_sheet)},
                 {"layout", layout_json(r.source_layout)}};
    auto& inferred = j["from"]["inferred"] = nlohmann::ordered_json::array();
    for (const auto& fact : r.inferred)
        inferred.push_back({{"what", fact.what}, {"value", fact.value}, {"how", fact.how}});
    j["to"] = {
        {"printer", r.target_layout.printer_id},
        {"page_width_in", r.target_page.page.width.in()},
        {"page_height_in", r.target_page.page.height.in()},
        {"sheet_in", box_json(Rect{r.target_page.sheet_x, r.target_page.sheet_y,
                                   r.target_layout.sheet.width, r.target_layout.sheet.height})},
        {"template", r.template_file ? nlohmann::ordered_json(r.template_file->string()) : nullptr},
        {"layout", layout_json(r.target_layout)}};
    const adapt::SpinePlan& plan = r.plan;
    j["spine"] = {{"change", adapt::spine_change_id(plan.change)},
                  {"source_width_in", plan.source_spine.in()},
                  {"target_width_in", plan.target_spine.in()},
                  {"edge_change_in", plan.edge_change.in()},
                  {"stretched_strip_in", plan.stretched_strip.in()},
                  {"seams_in", nlohmann::ordered_json::array()},
                  {"placements", nlohmann::ordered_json::array()}};
    for (const Length seam : plan.seams)
        j["spine"]["seams_in"].push_back(seam.in());
    for (const auto& p : plan.placements) {
        j["spine"]["placements"].push_back({{"part", p.part},
                                            {"clip_in", box_json(p.clip)},
                                            {"source_anchor_in", p.source_anchor.in()},
                                            {"target_anchor_in", p.target_anchor.in()},
                                            {"scale_x", p.scale_x}});
    }
    auto& text = j["spine_text"] = nlohmann::ordered_json::array();
    for (const auto& c : r.spine_text) {
        text.push_back(
            {{"text", c.lettering.from_pixels ? nlohmann::ordered_json(nullptr)
                                              : nlohmann::ordered_json(c.lettering.text)},
             {"from_pixels", c.lettering.from_pixels},
             {"source_ink_in", box_json(c.lettering.ink)},
             {"result_ink_in", box_json(c.result_ink)},
             {"source_back_in", c.source_back.in()},
             {"source_front_in", c.source_front.in()},
             {"result_back_in", c.result_back.in()},
             {"result_front_in", c.result_front.in()},
             {"clearance_in", c.needed.in()},
             {"kept_whole", c.kept_whole},
             {"ok", c.ok}});
    }
    auto& detail = j["edge_detail"] = nlohmann::ordered_json::array();
    for (const auto& d : r.edge_detail)
        detail.push_back({{"edge", d.edge}, {"area_in", box_json(d.area)}});
    j["refusals"] = r.refusals;
    j["warnings"] = r.warnings;
    j["notes"] = r.notes;
    if (r.check) {
        nlohmann::ordered_json c;
        c["printer"] = r.check->printer->id;
        c["verdict"] = check::verdict_id(r.check->verdict);
        c["findings"] = findings_json(r.check->findings);
        c["passed"] = r.check->passed;
        c["notes"] = r.check->notes;
        c["limits"] = r.check_limits;
        j["check"] = std::move(c);
    } else {
        j["check"] = nullptr;
    }
    return j;
}

}  // namespace

void AdaptCommand::add_to(CLI::App& app) {
    command_ = app.add_subcommand(
        "adapt",
        "Adapt a finished cover PDF to the other printer, or to a new page count: its spine "
        "resized, its art and text kept as they are");
    command_->footer(
        "Examples:\n"
        "  podcover adapt cover.kdp.pdf --to ingramspark -o cover.ingramspark.pdf\n"
        "  podcover adapt cover.kdp.pdf --to kdp --pages 308 -o cover-308.pdf --proof proof.pdf\n"
        "  podcover adapt covers/ --to ingramspark -o out/      (every PDF of a folder)\n\n"
        "Exit codes of adapt (docs/adapt.md):\n"
        "  0  every cover written, and each passes the target printer's check\n"
        "  1  a cover refused (spine text, spine edges, a book the printer does not offer), or\n"
        "     a result fails the target printer's check\n"
        "  2  usage error\n"
        "  3  a cover (or a printer file or template) cannot be read\n"
        "  4  an output cannot be written\n"
        "  5  internal error: a bug in podcover");
    command_->add_option("covers", covers_, "cover PDFs, or folders of them")
        ->required()
        ->type_name("PDF|FOLDER");
    command_->add_option("--to", to_, "the printer to adapt to: kdp or ingramspark")
        ->required()
        ->type_name("PRINTER");
    command_
        ->add_option("--from", from_,
                     "the printer the cover was made for (inferred from its size or its template "
                     "page when not given)")
        ->type_name("PRINTER");
    book_.binding.clear();  // the source's unless given
    book_.add_to(*command_, false);
    command_->get_option("--pages")->description(
        "the book's page count on the target printer (the source's when not given: a new "
        "count on the same printer is a page-count change)");
    command_->get_option("--paper")->description(
        "paper: white, cream (creme), groundwood, standard-color, premium-color, white-70, "
        "standard-color-70; per printer: kdp=cream,ingramspark=creme (the source's when not "
        "given)");
    command_
        ->add_option("--template", template_,
                     "the target printer's template for the book (IngramSpark's): the result is "
                     "written on its page, where it puts the artwork")
        ->type_name("PDF");
    command_
        ->add_option("-o,--output", out_,
                     "the adapted PDF; for several covers or a folder, the folder to write "
                     "<name>.<printer>.pdf into")
        ->required()
        ->type_name("PDF|FOLDER");
    command_
        ->add_option("--proof", proof_,
                     "write a proof PDF (source above, result below) here; a folder for several "
                     "covers")
        ->type_name("PDF|FOLDER");
    command_
        ->add_option("--printer-file", printers_.printer_files,
                     "read a printer's rules from this TOML file (docs/printer-files.md); may be "
                     "repeated")
        ->type_name("FILE");
    command_->add_flag("--force", force_,
                       "write a cover even when its spine text or spine edges refuse it (with a "
                       "warning)");
    command_->add_flag("--json", json_, "print JSON (docs/adapt.md) instead of text");
}

CommandOutput AdaptCommand::run() const {
    const PrinterCatalog catalog = printers_.load_catalog();
    adapt::AdaptRequest base;
    base.target = &printer_named(catalog, "--to", to_);
    if (!from_.empty())
        base.from = &printer_named(catalog, "--from", from_);
    for (const auto& id : catalog.ids())
        base.printers.push_back(catalog.find(id));
    if (!book_.trim.empty())
        base.book.trim = book_.parsed_trim();
    if (!book_.pages.empty())
        base.book.pages = book_.parsed_pages();
    if (!book_.binding.empty())
        base.book.binding = book_.parsed_binding();
    if (!book_.paper.empty()) {
        book_.parse_paper(catalog.ids(), base.book.paper, base.book.paper_by_printer, false);
        check_papers_known(catalog, catalog.ids(), base.book.paper, base.book.paper_by_printer);
    }
    if (!template_.empty())
        base.target_template = template_;
    base.force = force_;

    bool any_folder = false;
    const std::vector<std::filesystem::path> covers = cover_files(covers_, any_folder, "adapt");
    const bool batch = covers.size() > 1 || any_folder;
    std::error_code ignored;
    const bool out_is_folder =
        batch || std::filesystem::is_directory(out_, ignored) || !is_pdf_name(out_);
    if (batch && is_pdf_name(out_) && !std::filesystem::is_directory(out_, ignored)) {
        throw UsageError("-o: " + out_ + " names a PDF, but " + std::to_string(covers.size()) +
                         " covers are adapted; name a folder to write them into");
    }
    if (out_is_folder)
        check_output_folder(out_);
    const bool proof_is_folder =
        !proof_.empty() && (batch || std::filesystem::is_directory(proof_, ignored));
    if (proof_is_folder)
        check_output_folder(proof_);

    // Every output named, and checked, before any is written: none may replace a file read
    // (a cover being adapted, the template, a printer file), by name or through a link.
    std::vector<std::filesystem::path> read = covers;
    if (!template_.empty())
        read.emplace_back(template_);
    read.insert(read.end(), printers_.printer_files.begin(), printers_.printer_files.end());
    const render::OutputFiles inputs(std::move(read));
    std::vector<adapt::AdaptRequest> requests;
    for (const auto& cover : covers) {
        adapt::AdaptRequest request = base;
        request.source = cover;
        const std::string name = stem_of(cover, catalog) + "." + base.target->id;
        request.output = out_is_folder ? std::filesystem::path(out_) / (name + ".pdf")
                                       : std::filesystem::path(out_);
        if (!proof_.empty()) {
            request.proof = proof_is_folder ? std::filesystem::path(proof_) / (name + ".proof.pdf")
                                            : std::filesystem::path(proof_);
        }
        if (request.proof && *request.proof == request.output) {
            throw UsageError("--proof: " + request.proof->string() +
                             " is the adapted cover's own name (-o); name another file");
        }
        for (const auto& earlier : requests) {
            if (earlier.output == request.output) {
                throw UsageError(earlier.source.string() + " and " + cover.string() +
                                 " would both be written to " + request.output.string() +
                                 "; adapt them into separate folders");
            }
        }
        inputs.refuse_inputs(request.output, "-o");
        if (request.proof)
            inputs.refuse_inputs(*request.proof, "--proof");
        requests.push_back(std::move(request));
    }
    // Folders are created as render creates its output folder; a file's folder too.
    auto folder_of = [](const std::string& path, bool is_folder) {
        if (is_folder)
            return path;
        const std::filesystem::path parent = std::filesystem::path(path).parent_path();
        return parent.empty() ? std::string() : parent.string();
    };
    for (const auto& folder :
         {folder_of(out_, out_is_folder),
          proof_.empty() ? std::string() : folder_of(proof_, proof_is_folder)}) {
        if (folder.empty())
            continue;
        std::filesystem::create_directories(folder, ignored);
        if (!std::filesystem::is_directory(folder, ignored))
            throw OutputError(folder + ": cannot create the output folder");
    }

    CommandOutput output;
    nlohmann::ordered_json adapted = nlohmann::ordered_json::array();
    nlohmann::ordered_json errors = nlohmann::ordered_json::array();
    std::string text;
    for (const auto& request : requests) {
        try {
            const adapt::AdaptReport report = adapt::adapt_cover(request);
            if (report.failed())
                output.exit_code = std::max(output.exit_code, int(exit_refused));
            adapted.push_back(report_json(report));
            text += (text.empty() ? "" : "\n") + report_text(report);
        } catch (const Error& error) {
            if (!batch)
                throw;
            output.exit_code = std::max(output.exit_code, exit_code_of(error));
            // Messages name the file already, nearly always.
            const std::string message = error.what();
            output.errors.push_back(message.find(request.source.string()) == std::string::npos
                                        ? request.source.string() + ": " + message
                                        : message);
            errors.push_back({{"source", request.source.string()}, {"message", error.what()}});
        }
    }
    if (json_) {
        nlohmann::ordered_json j;
        j["adapted"] = std::move(adapted);
        j["errors"] = std::move(errors);
        output.out = json_text(j);
    } else {
        output.out = text;
    }
    return output;
}

}  // namespace podcover::cli
