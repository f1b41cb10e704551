// The render and template commands: job file or book options in, files out, a report of
// what was written (text or JSON, docs/json.md).
#include <nlohmann/json.hpp>


#include "commands.hpp"
#include "exit_codes.hpp"
#include "json_text.hpp"
#include "podcover/check/checker.hpp"
#include "podcover/errors.hpp"
#include "podcover/names.hpp"
#include "podcover/render/guide_layer.hpp"
#include "podcover/render/output_files.hpp"
#include "podcover/render/render_job.hpp"

namespace podcover::cli {
namespace {

struct Written {
    std::string kind, printer, paper;
    std::filesystem::path path;
    Size size;
};

nlohmann::ordered_json sourced_json(const std::optional<Sourced<int>>& value) {
    if (!value)
        return nullptr;
    return {{"value", value->value}, {"source", value->source.tags}};
}

// How each cover carries its colour (docs/color.md).
nlohmann::ordered_json colors_json(const std::vector<render::CoverColor>& colors) {
    auto all = nlohmann::ordered_json::array();
    for (const auto& color : colors) {
        nlohmann::ordered_json j;
        j["printer"] = color.printer;
        j["color"] = std::string(render::color_mode_id(color.mode));
        j["chosen_by"] = color.chosen_by;
        if (color.mode == render::ColorMode::cmyk) {
            j["standard"] = color.standard;
            j["profile"] = {{"name", color.profile},
                            {"file", color.profile_file.string()},
                            {"sha256", color.profile_sha256},
                            {"package", color.profile_package.empty()
                                            ? nlohmann::ordered_json(nullptr)
                                            : nlohmann::ordered_json(color.profile_package)}};
            j["max_ink_percent"] = sourced_json(color.max_ink_percent);
            j["rich_black_percent"] =
                color.rich_black_percent
                    ? nlohmann::ordered_json{{"value", color.rich_black_percent->value},
                                             {"source", color.rich_black_percent->source.tags}}
                    : nlohmann::ordered_json(nullptr);
            j["small_text_black_max_pt"] = sourced_json(color.small_text_black_max_pt);
            j["small_text_lines_in_k"] = color.small_text_lines_in_k;
            j["images"] = {{"rgb_jpegs_recoded", color.images.rgb_jpegs_recoded},
                           {"recoded_jpeg_quality", color.images.recoded_jpeg_quality},
                           {"images_converted", color.images.images_converted},
                           {"cmyk_jpegs_kept", color.images.cmyk_jpegs_kept}};
        }
        all.push_back(std::move(j));
    }
    return all;
}

nlohmann::ordered_json written_json(Binding binding, const Size& trim, int pages,
                                    const std::vector<Written>& files,
                                    const std::vector<render::SkippedPrinter>& skipped,
                                    const std::vector<std::string>& warnings,
                                    const std::vector<std::string>& notes,
                                    const std::vector<render::CoverColor>& colors = {}) {
    nlohmann::ordered_json j;
    j["book"] = {{"trim", {{"width_in", trim.width.in()}, {"height_in", trim.height.in()}}},
                 {"pages", pages},
                 {"binding", binding_id(binding)}};
    auto& outputs = j["outputs"] = nlohmann::ordered_json::array();
    for (const auto& file : files) {
        outputs.push_back({{"kind", file.kind},
                           {"printer", file.printer.empty() ? nlohmann::ordered_json(nullptr)
                                                            : nlohmann::ordered_json(file.printer)},
                           {"paper", file.paper.empty() ? nlohmann::ordered_json(nullptr)
                                                        : nlohmann::ordered_json(file.paper)},
                           {"path", file.path.string()},
                           {"width_in", file.size.width.in()},
                           {"height_in", file.size.height.in()}});
    }
    if (!colors.empty())
        j["colors"] = colors_json(colors);
    auto& left_out = j["skipped"] = nlohmann::ordered_json::array();
    for (const auto& printer : skipped)
        left_out.push_back({{"printer", printer.printer}, {"reason", printer.reason}});
    j["warnings"] = warnings;
    j["notes"] = notes;
    return j;
}

std::string written_text(const std::vector<Written>& files,
                         const std::vector<std::string>& warnings,
                         const std::vector<std::string>& notes,
                         const std::vector<std::string>& legend,
                         const std::vector<render::CoverColor>& colors = {}) {
    std::string out = "Wrote:\n";
    for (const auto& file : files) {
        out += "  " + file.path.string() + "  (" + file.kind +
               (file.printer.empty() ? "" : ", " + file.printer) + ", " +
               file.size.format(Unit::in, 4) + ")\n";
    }
    if (!colors.empty()) {
        out += "\nColour:\n";
        for (const auto& color : colors)
            out += "  " + color.printer_name + ": " + render::describe(color) + "\n";
    }
    if (!legend.empty()) {
        out += "\nProof:\n";
        for (const auto& line : legend)
            out += "  " + line + "\n";
    }
    if (!warnings.empty()) {
        out += "\nWarnings:\n";
        for (const auto& w : warnings)
            out += "  - " + w + "\n";
    }
    if (!notes.empty()) {
        out += "\nNotes:\n";
        for (const auto& n : notes)
            out += "  - " + n + "\n";
    }
    return out;
}

// Where each --on-template PRINTER=TEMPLATE.pdf puts that printer's cover: the template is
// read, must be that printer's, for this book, and agree with podcover's numbers for it.
std::map<std::string, render::TemplatePlacement> template_placements(
    const std::vector<std::string>& specs, const render::Job& job,
    const std::vector<const PrinterSpec*>& printers) {
    std::map<std::string, render::TemplatePlacement> placements;
    const render::BookFacts book = render::book_facts(job, printers);
    for (const auto& spec : specs) {
        const auto equals = spec.find('=');
        if (equals == std::string::npos || equals == 0 || equals + 1 == spec.size()) {
            throw UsageError("--on-template: '" + spec +
                             "' is not PRINTER=TEMPLATE.pdf; for example "
                             "--on-template ingramspark=template.pdf");
        }
        const std::string id = spec.substr(0, equals);
        const std::filesystem::path file = spec.substr(equals + 1);
        const auto printer = std::find_if(printers.begin(), printers.end(),
                                          [&](const PrinterSpec* p) { return p->id == id; });
        if (printer == printers.end()) {
            std::vector<std::string> ids;
            for (const PrinterSpec* p : printers)
                ids.push_back(p->id);
            throw UsageError("--on-template: " + id + " is not rendered here; the printers are " +
                             join_names(ids));
        }
        const check::TemplateFacts facts = check::read_printer_template_file(file, printers);
        if (facts.printer_id != id) {
            throw UsageError("--on-template " + spec + ": " + file.string() + " is " +
                             facts.printer_id + "'s template, not " + (*printer)->name + "'s");
        }
        const check::TemplateComparison comparison = check::compare_with_podcover(facts, **printer);
        std::vector<std::string> problems;
        for (const auto& d : comparison.differences())
            problems.push_back(d.field + ": the template says " + d.template_text + ", podcover " +
                               d.podcover_text);
        // The template must be this book's: its sheet is the one podcover lays out.
        const LayoutResult ours = compute_layout(
            **printer, BookSpec{job.binding, book.trim, book.pages, job.paper_for(id)});
        const auto template_cover = facts.cover_size();
        if (ours.layout && template_cover &&
            !template_cover->near(ours.layout->sheet,
                                  Length::from_units(Length::units_per_in / 200))) {
            problems.push_back("the template's cover is " + template_cover->format(Unit::in, 4) +
                               " (" + (facts.pages ? std::to_string(*facts.pages) + " pages" : "") +
                               "); this book's is " + ours.layout->sheet.format(Unit::in, 4) +
                               " (" + std::to_string(book.pages) + " pages)");
        }
        if (!problems.empty()) {
            throw RefusedError(file.string() + ": not placed on " + (*printer)->name +
                               "'s template: " + join_names(problems) +
                               "; get the template for this book from " + (*printer)->name);
        }
        if (!facts.artwork_area) {
            // KDP's template page is the cover itself: nothing to place.
            if (ours.layout &&
                facts.page.near(ours.layout->sheet, Length::from_units(Length::units_per_in / 100)))
                continue;
            throw InputError(file.string() +
                             ": podcover cannot tell where the template puts the "
                             "artwork (its trim and fold marks were not read)");
        }
        placements[id] = render::TemplatePlacement{facts.page, facts.artwork_area->x,
                                                   facts.artwork_area->y, file};
    }
    return placements;
}

}  // namespace

void RenderCommand::add_to(CLI::App& app) {
    command_ = app.add_subcommand(
        "render", "Render a job file: a cover PDF and PNG per printer, and a drift proof");
    command_->footer(
        std::string("Example:\n  podcover render build/samples/book/book.toml -o out\n\n") +
        exit_codes_help);
    command_->add_option("job", job_file_, "the job file (TOML, docs/job-file.md)")
        ->required()
        ->type_name("FILE");
    command_->add_option("-o,--output", out_dir_, "the folder to write into (created if needed)")
        ->required()
        ->type_name("FOLDER");
    printers_.add_to(*command_);
    command_
        ->add_option("--on-template", on_template_,
                     "write PRINTER's cover on its template's page, where the template puts "
                     "the artwork (IngramSpark asks for its document size): "
                     "ingramspark=TEMPLATE.pdf; the template must be this book's")
        ->type_name("PRINTER=PDF");
    command_
        ->add_option("--color", color_,
                     "every printer's cover in cmyk (PDF/X-1a in the printer's CMYK, "
                     "docs/color.md) or rgb; default: the job's color, else the printer's "
                     "(IngramSpark cmyk, KDP rgb)")
        ->type_name("cmyk|rgb")
        ->check(CLI::IsMember({"cmyk", "rgb"}));
    command_
        ->add_option("--previews", previews_,
                     "png: a PNG preview of each cover and of the proof (the default); none: "
                     "the PDFs only, faster")
        ->type_name("png|none")
        ->check(CLI::IsMember({"png", "none"}));
    command_->add_flag("--json", json_, "print JSON (docs/json.md) instead of text");
}

CommandOutput RenderCommand::run() const {
    const render::Job job = render::read_job_file(job_file_);
    check_output_folder(out_dir_);
    const PrinterCatalog catalog = printers_.load_catalog();
    // --printer wins; otherwise the job's printers; otherwise every printer.
    std::vector<std::string> ids = printers_.printer != "all" || job.printers.empty()
                                       ? printers_.selected(catalog)
                                       : job.printers;
    for (const auto& id : ids) {
        if (!catalog.find(id)) {
            throw InputError(job.where("printers") + ": unknown printer '" + id +
                             "'; podcover knows " + join_names(catalog.ids()));
        }
    }
    for (const auto& [id, paper] : job.paper_by_printer) {
        if (!catalog.find(id)) {
            throw InputError(job.where("paper") + ": unknown printer '" + id +
                             "'; podcover knows " + join_names(catalog.ids()));
        }
    }
    for (const auto& id : ids) {
        // A printer without the binding is left out by render_job: it needs no paper.
        if (job.paper_for(id).empty() && catalog.find(id)->find_binding(job.binding)) {
            throw InputError(job.where("paper") + ": no paper for " + id + "; add " + id +
                             " = \"<paper>\"");
        }
    }
    // A paper no printer has is a typo in the job, as an unknown binding is.
    if (auto message = unknown_paper(catalog, ids, job.paper, job.paper_by_printer))
        throw InputError(job.where("paper") + ": " + *message);
    std::vector<const PrinterSpec*> printers;
    for (const auto& id : ids)
        printers.push_back(catalog.find(id));

    for (const auto& [id, color] : job.color_by_printer) {
        if (!catalog.find(id)) {
            throw InputError(job.where("color") + ": unknown printer '" + id +
                             "'; podcover knows " + join_names(catalog.ids()));
        }
    }
    for (const auto& [id, icc] : job.icc_by_printer) {
        if (!catalog.find(id)) {
            throw InputError(job.where("icc") + ": unknown printer '" + id + "'; podcover knows " +
                             join_names(catalog.ids()));
        }
    }

    render::RenderOptions options;
    options.on_template = template_placements(on_template_, job, printers);
    if (!color_.empty())
        options.color = render::parse_color_mode(color_);
    options.previews = previews_ == "png";
    // Reproducible builds' convention: a fixed date for the PDF/X dates, when asked for.
    options.date = source_date_epoch();
    options.inputs.assign(printers_.printer_files.begin(), printers_.printer_files.end());
    for (const auto& [id, placement] : options.on_template)
        options.inputs.push_back(placement.from);
    const render::RenderReport report = render::render_job(job, printers, out_dir_, options);
    std::vector<Written> files;
    for (const auto& file : report.outputs)
        files.push_back({file.kind, file.printer, file.paper, file.path, file.size});
    CommandOutput output;
    output.out =
        json_
            ? json_text(written_json(report.binding, report.trim, report.pages, files,
                                     report.skipped, report.warnings, report.notes, report.colors))
            : written_text(files, report.warnings, report.notes, report.proof_legend,
                           report.colors);
    return output;
}

void TemplateCommand::add_to(CLI::App& app) {
    command_ = app.add_subcommand(
        "template",
        "Printer templates: a labelled sheet, and a guide layer the size of the cover to lay "
        "over your artwork");
    command_->footer(
        std::string(
            "For each printer, in the output folder:\n"
            "  NAME.PRINTER.template.pdf, .png  the cover on a larger page, every zone labelled "
            "with its\n"
            "                                   dimensions, crop marks at the trim and fold "
            "marks at the folds\n"
            "  NAME.PRINTER.guide.pdf           a guide layer exactly the size of the cover: "
            "place it 1:1\n"
            "                                   over your artwork (Canva, Affinity, Inkscape), "
            "hide it to export\n"
            "  NAME.PRINTER.guide.png           the same, transparent in the live area, 300 ppi\n"
            "  NAME.PRINTER.guide.svg           the same with one locked Inkscape layer per kind "
            "of zone\n"
            "Every number carries its unit; coordinates are inches from the sheet's top-left "
            "corner,\nx to the right, y down (docs/geometry.md).\n\n"
            "Example:\n  podcover template --trim 6x9in --pages 300 --paper white -o "
            "out/templates\n\n") +
        exit_codes_help);
    book_.add_to(*command_);
    printers_.add_to(*command_);
    command_->add_option("-o,--output", out_dir_, "the folder to write into (created if needed)")
        ->required()
        ->type_name("FOLDER");
    command_->add_option("--name", name_, "file name stem (default: template)")->type_name("NAME");
    command_->add_option("--isbn", isbn_, "draw this ISBN's barcode in the barcode area")
        ->type_name("ISBN");
    command_
        ->add_option("--price", price_, "price for the barcode's EAN-5 add-on, e.g. \"USD 16.99\"")
        ->type_name("PRICE");
    command_->add_flag("--json", json_, "print JSON (docs/json.md) instead of text");
}

CommandOutput TemplateCommand::run() const {
    const Size trim = book_.parsed_trim();
    const int pages = book_.parsed_pages();
    const Binding binding = book_.parsed_binding();
    if (name_.empty() || name_.find('/') != std::string::npos) {
        throw UsageError("--name: '" + name_ + "' is not a file name stem");
    }
    if (!price_.empty() && isbn_.empty()) {
        throw UsageError("--price: a price needs --isbn, for the barcode it goes with");
    }
    check_output_folder(out_dir_);
    render::TemplateRequest request;
    request.name = name_;
    if (!isbn_.empty())
        request.isbn = isbn_;
    if (!price_.empty())
        request.price = price_;
    const PrinterCatalog catalog = printers_.load_catalog();
    const auto ids = printers_.selected(catalog);
    std::string default_paper;
    std::map<std::string, std::string> by_printer;
    book_.parse_paper(ids, default_paper, by_printer);
    check_papers_known(catalog, ids, default_paper, by_printer);

    std::vector<Layout> layouts;
    std::string refusals;
    for (const auto& id : ids) {
        const auto own = by_printer.find(id);
        const BookSpec book{binding, trim, pages,
                            own != by_printer.end() ? own->second : default_paper};
        LayoutResult result = compute_layout(*catalog.find(id), book);
        for (const auto& e : result.errors)
            refusals += (refusals.empty() ? "" : "\n") + id + ": " + e.message;
        if (result.layout)
            layouts.push_back(std::move(*result.layout));
    }
    if (!refusals.empty())
        throw RefusedError(refusals);

    // The templates and guide layers are written as one set, none over a printer file.
    render::OutputFiles outputs({printers_.printer_files.begin(), printers_.printer_files.end()});
    outputs.clean_folder(out_dir_);
    std::vector<render::RenderedFile> written;
    try {
        written = render::write_templates(layouts, request, out_dir_, outputs);
    } catch (const ValueError& error) {
        throw UsageError(std::string(price_.empty() ? "--isbn: " : "--isbn/--price: ") +
                         error.what());
    }
    const auto guides = render::write_guide_layers(layouts, request, out_dir_, outputs);
    written.insert(written.end(), guides.begin(), guides.end());
    outputs.commit();
    std::vector<Written> files;
    for (const auto& file : written)
        files.push_back({file.kind, file.printer, file.paper, file.path, file.size});
    std::vector<std::string> warnings, notes;
    for (const auto& layout : layouts) {
        for (const auto& w : layout.warnings)
            warnings.push_back(layout.printer_name + ": " + w.message);
        for (const auto& n : layout.notes)
            notes.push_back(layout.printer_name + ": " + n.message);
    }
    CommandOutput output;
    output.out = json_ ? json_text(written_json(binding, trim, pages, files, {}, warnings, notes))
                       : written_text(files, warnings, notes, {});
    return output;
}

}  // namespace podcover::cli
