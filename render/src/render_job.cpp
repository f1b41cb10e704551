#include "podcover/render/render_job.hpp"

#include <cairo-pdf.h>

#include <algorithm>
#include <cmath>

#include "podcover/errors.hpp"
#include "podcover/names.hpp"
#include "podcover/render/barcode.hpp"
#include "podcover/render/cover.hpp"
#include "podcover/render/interior.hpp"
#include "podcover/render/output_files.hpp"
#include "podcover/render/pdf_output.hpp"
#include "podcover/render/proof.hpp"
#include "podcover/render/template_sheet.hpp"

namespace podcover::render {
namespace {

using namespace podcover::literals;

PdfMetadata metadata(const Job& job) {
    PdfMetadata meta;
    meta.title = job.title + (job.subtitle.empty() ? "" : ": " + job.subtitle);
    meta.author = join_names(job.authors);
    meta.subject =
        "Cover" + (job.isbn ? ", ISBN " + Isbn::parse(*job.isbn).digits() : std::string());
    return meta;
}

// The paths the job reads, which its outputs must never replace: the job file, its art and
// interior, the font files of [fonts], and the run's other inputs.
std::vector<std::filesystem::path> inputs(const Job& job, const RenderOptions& options) {
    std::vector<std::filesystem::path> paths{job.file};
    for (const auto& art : {job.art.wrap, job.art.front, job.art.back, job.art.spine}) {
        if (art)
            paths.push_back(*art);
    }
    if (job.interior)
        paths.push_back(*job.interior);
    // A font named by a path (FontLibrary::resolve reads it from the job's folder); a name
    // that is no file matches no output.
    for (const auto* font : {&job.fonts.title, &job.fonts.subtitle, &job.fonts.author,
                             &job.fonts.body, &job.fonts.spine}) {
        if (font->empty())
            continue;
        const std::filesystem::path path(*font);
        paths.push_back(path.is_absolute() ? path : job.base_dir / path);
    }
    paths.insert(paths.end(), options.inputs.begin(), options.inputs.end());
    return paths;
}

}  // namespace

BookFacts book_facts(const Job& job, const std::vector<const PrinterSpec*>& printers) {
    BookFacts facts;
    if (!job.interior) {
        facts.trim = *job.trim;
        facts.pages = *job.pages;
        return facts;
    }
    const Interior interior = read_interior(*job.interior);
    facts.pages = interior.pages;
    facts.trim = interior.page_size;
    const std::string name = job.interior->filename().string();
    if (!interior.uniform) {
        facts.warnings.push_back(
            name + ": not every page has the first page's size; the first page's is used");
    }
    const InteriorTrim trim =
        interior_trim(interior.page_size, interior.from_trim_box, printers, job.binding);
    facts.trim = trim.trim;
    if (!trim.note.empty())
        facts.warnings.push_back(name + ": " + trim.note);
    if (job.trim && !job.trim->near(facts.trim, trim_match_tolerance)) {
        facts.warnings.push_back(job.where("trim") + " says " + job.trim->format(Unit::in, 4) +
                                 ", but " + name + " is " + facts.trim.format(Unit::in, 4) +
                                 ": using the interior's");
    }
    if (job.pages && *job.pages != facts.pages) {
        facts.warnings.push_back(job.where("pages") + " says " + std::to_string(*job.pages) +
                                 ", but " + name + " has " + std::to_string(facts.pages) +
                                 " pages: using the interior's");
    }
    return facts;
}

RenderReport render_job(const Job& job, const std::vector<const PrinterSpec*>& printers,
                        const std::filesystem::path& out_dir, const RenderOptions& options) {
    RenderReport report;
    report.binding = job.binding;
    OutputFiles files(inputs(job, options));
    files.clean_folder(out_dir);
    BookFacts facts = book_facts(job, printers);
    report.trim = facts.trim;
    report.pages = facts.pages;
    report.warnings = facts.warnings;

    // Every printer must offer the book before anything is written. A printer without the
    // binding (KDP makes no dust jackets) is left out, with a line saying so: the job is still
    // right for the others. Any other refusal is the book's, and stops the job.
    std::string refusals, skips;
    for (const PrinterSpec* printer : printers) {
        const BookSpec book{job.binding, facts.trim, facts.pages, job.paper_for(printer->id)};
        LayoutResult result = compute_layout(*printer, book);
        const auto binding = std::find_if(
            result.errors.begin(), result.errors.end(),
            [](const Diagnostic& error) { return error.code == "binding-not-offered"; });
        if (binding != result.errors.end()) {
            report.skipped.push_back({printer->id, printer->name, binding->message});
            skips += (skips.empty() ? "" : "\n") + printer->id + ": " + binding->message;
            continue;
        }
        for (const auto& error : result.errors)
            refusals += (refusals.empty() ? "" : "\n") + printer->id + ": " + error.message;
        if (result.layout)
            report.layouts.push_back(std::move(*result.layout));
    }
    if (!refusals.empty())
        throw RefusedError(refusals);
    if (report.layouts.empty())
        throw RefusedError(skips.empty() ? "no printer to render for" : skips);
    for (const auto& skipped : report.skipped) {
        report.warnings.push_back(skipped.printer_name + " skipped: " + skipped.reason);
    }
    for (const auto& layout : report.layouts) {
        for (const auto& w : layout.warnings)
            report.warnings.push_back(layout.printer_name + ": " + w.message);
        for (const auto& n : layout.notes)
            report.notes.push_back(layout.printer_name + ": " + n.message);
    }

    // Every output path is checked before any work: none may replace an input.
    std::vector<std::string> names{job.name + ".proof.pdf", job.name + ".proof.png"};
    for (const auto& layout : report.layouts) {
        names.push_back(job.name + "." + layout.printer_id + ".pdf");
        names.push_back(job.name + "." + layout.printer_id + ".png");
    }
    for (const auto& name : names)
        files.refuse_inputs(out_dir / name);
    auto output = [&](const std::string& file_name, const std::string& bytes) {
        const std::filesystem::path path = out_dir / file_name;
        files.stage(path, bytes);
        return path;
    };

    Resources resources(job);
    std::vector<const Layout*> layouts;
    for (const auto& layout : report.layouts)
        layouts.push_back(&layout);
    const SharedDesign shared = share_design(job, layouts, resources);
    for (const auto& w : shared.warnings)
        report.warnings.push_back(w);
    // Notes (fallback fonts, a right-to-left book's panels) are the same on every cover: once.
    auto note = [&](const std::string& text) {
        if (std::find(report.notes.begin(), report.notes.end(), text) == report.notes.end())
            report.notes.push_back(text);
    };
    for (const auto& n : shared.notes)
        note(n);

    std::vector<CoverPlan> plans;
    for (const Layout* layout : layouts) {
        plans.push_back(compose_cover(job, *layout, shared, resources));
        for (const auto& w : plans.back().warnings)
            report.warnings.push_back(layout->printer_name + ": " + w);
        for (const auto& n : plans.back().notes)
            note(n);
    }

    const PdfMetadata meta = metadata(job);
    for (std::size_t i = 0; i < layouts.size(); ++i) {
        const Layout& layout = *layouts[i];
        const CoverPlan& plan = plans[i];
        // On a template page the sheet sits where the template's artwork area is; the page
        // boxes say where, so that the trim and bleed are known on the larger page.
        const auto on_template = options.on_template.find(layout.printer_id);
        const TemplatePlacement* placement =
            on_template != options.on_template.end() ? &on_template->second : nullptr;
        const Size page = placement ? placement->page : layout.sheet;
        const Length at_x = placement ? placement->x : Length();
        const Length at_y = placement ? placement->y : Length();
        std::string raw;
        {
            const CairoSurface surface = pdf_surface_into(raw, page.width.pt(), page.height.pt());
            const Cairo cr(cairo_create(surface.get()));
            cairo_translate(cr.get(), at_x.pt(), at_y.pt());
            draw_plan(cr.get(), plan, Target::pdf);
            cairo_surface_finish(surface.get());
            check_cairo(cairo_surface_status(surface.get()), "writing the cover PDF");
        }
        const Rect trim = layout.at("trim").rect;
        const Rect sheet{at_x, at_y, layout.sheet.width, layout.sheet.height};
        const std::string pdf = finish_pdf(
            raw,
            {PageBoxes{page, Rect{trim.x + at_x, trim.y + at_y, trim.width, trim.height}, sheet}},
            meta);
        const std::string stem = job.name + "." + layout.printer_id;
        report.outputs.push_back(
            {"cover", layout.printer_id, layout.paper_id, output(stem + ".pdf", pdf), page});
        if (placement) {
            report.notes.push_back(layout.printer_name + ": the cover is written on the " +
                                   page.format(Unit::in, 4) + " page of " +
                                   placement->from.filename().string() + ", its " +
                                   layout.sheet.format(Unit::in, 4) + " sheet at " +
                                   at_x.format(Unit::in, 4) + ", " + at_y.format(Unit::in, 4) +
                                   " in from the page's top-left, as the template places it");
        }

        const double ppi = options.preview_pixels_per_inch;
        CairoSurface image(cairo_image_surface_create(
            CAIRO_FORMAT_RGB24, static_cast<int>(std::ceil(layout.sheet.width.in() * ppi)),
            static_cast<int>(std::ceil(layout.sheet.height.in() * ppi))));
        {
            const Cairo cr(cairo_create(image.get()));
            cairo_scale(cr.get(), ppi / 72, ppi / 72);
            draw_plan(cr.get(), plan, Target::raster, ppi);
        }
        report.outputs.push_back({"preview", layout.printer_id, layout.paper_id,
                                  output(stem + ".png", encode_png(image.get())), layout.sheet});
    }

    std::vector<ProofCover> covers;
    for (std::size_t i = 0; i < layouts.size(); ++i)
        covers.push_back(ProofCover{layouts[i], &plans[i]});
    ProofDocument proof = make_proof(covers, resources.fonts(), options.proof_pixels_per_inch);
    report.proof_legend = proof.legend;
    report.proof_flagged = proof.flagged;
    const std::string proof_pdf = finish_pdf(
        proof.pdf, PdfMetadata{meta.title + " (drift proof)", meta.author, meta.subject, ""});
    report.outputs.push_back(
        {"proof", "", "", output(job.name + ".proof.pdf", proof_pdf), layouts.front()->sheet});
    report.outputs.push_back({"proof", "", "",
                              output(job.name + ".proof.png", encode_png(proof.png.get())),
                              layouts.front()->sheet});
    files.commit();
    return report;
}

std::vector<RenderedFile> write_templates(const std::vector<Layout>& layouts,
                                          const TemplateRequest& request,
                                          const std::filesystem::path& out_dir) {
    OutputFiles files({});
    auto written = write_templates(layouts, request, out_dir, files);
    files.commit();
    return written;
}

std::vector<RenderedFile> write_templates(const std::vector<Layout>& layouts,
                                          const TemplateRequest& request,
                                          const std::filesystem::path& out_dir,
                                          OutputFiles& outputs) {
    std::optional<Isbn> isbn;
    std::string addon;
    if (request.isbn) {
        isbn = Isbn::parse(*request.isbn);
        addon = price_addon(request.price);
    }
    FontLibrary fonts;
    std::vector<RenderedFile> files;
    for (const auto& layout : layouts) {
        std::optional<Barcode> barcode;
        if (isbn)
            barcode = make_isbn_barcode(*isbn, addon, layout.at("barcode").rect.size());
        const TemplateSheet sheet =
            make_template(layout, fonts, barcode ? &*barcode : nullptr, request.pixels_per_inch);
        const std::string stem = request.name + "." + layout.printer_id + ".template";
        outputs.stage(out_dir / (stem + ".pdf"), sheet.pdf);
        files.push_back({"template", layout.printer_id, layout.paper_id, out_dir / (stem + ".pdf"),
                         sheet.page});
        outputs.stage(out_dir / (stem + ".png"), encode_png(sheet.png.get()));
        files.push_back({"template", layout.printer_id, layout.paper_id, out_dir / (stem + ".png"),
                         sheet.page});
    }
    return files;
}

}  // namespace podcover::render
