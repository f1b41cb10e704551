#include "podcover/render/render_job.hpp"

#include <cairo-pdf.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <future>

#include "cover_colors.hpp"
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

}  // namespace

std::vector<std::filesystem::path> job_files(const Job& job) {
    std::vector<std::filesystem::path> paths;
    for (const auto& art : {job.art.wrap, job.art.front, job.art.back, job.art.spine}) {
        if (art)
            paths.push_back(*art);
    }
    if (job.interior)
        paths.push_back(*job.interior);
    if (job.icc)
        paths.push_back(*job.icc);
    for (const auto& [printer, icc] : job.icc_by_printer)
        paths.push_back(icc);
    // A font named by a path (FontLibrary::resolve reads it from the job's folder); a name
    // that is no file (a default font, a fontconfig pattern) is not one.
    for (const auto* font : {&job.fonts.title, &job.fonts.subtitle, &job.fonts.author,
                             &job.fonts.body, &job.fonts.spine}) {
        if (font->empty())
            continue;
        const std::filesystem::path path(*font);
        const std::filesystem::path file = path.is_absolute() ? path : job.base_dir / path;
        std::error_code error;
        if (std::filesystem::is_regular_file(file, error))
            paths.push_back(file);
    }
    return paths;
}

namespace {

// The paths the run reads, which its outputs must never replace: the job file, the files it
// names, and the run's other inputs.
std::vector<std::filesystem::path> inputs(const Job& job, const RenderOptions& options) {
    std::vector<std::filesystem::path> paths{job.file};
    const auto named = job_files(job);
    paths.insert(paths.end(), named.begin(), named.end());
    paths.insert(paths.end(), options.inputs.begin(), options.inputs.end());
    return paths;
}

// The newest modification time of the job's inputs: the PDF/X dates.
std::time_t newest_input(const Job& job, const RenderOptions& options) {
    std::time_t newest = 0;
    for (const auto& path : inputs(job, options)) {
        std::error_code error;
        const auto written = std::filesystem::last_write_time(path, error);
        if (error)
            continue;
        const auto seconds = std::chrono::system_clock::to_time_t(
            std::chrono::time_point_cast<std::chrono::system_clock::duration>(
                std::chrono::file_clock::to_sys(written)));
        newest = std::max(newest, seconds);
    }
    return newest;
}

std::string percent_list(const std::vector<int>& inks) {
    const char* names[] = {"C", "M", "Y", "K"};
    std::string text;
    for (std::size_t i = 0; i < inks.size() && i < 4; ++i)
        text += (text.empty() ? "" : " ") + std::string(names[i]) + std::to_string(inks[i]);
    return text;
}

// The colour of one printer's cover: --color, else the job's, else the printer's first
// colour space (IngramSpark lists CMYK only [IS-G]; KDP RGB first).
CoverColor choose_color(const Job& job, const PrinterSpec& printer,
                        const std::optional<ColorMode>& every_printer) {
    CoverColor color;
    color.printer = printer.id;
    color.printer_name = printer.name;
    const auto& spaces = printer.files.color_spaces;
    if (every_printer) {
        color.mode = *every_printer;
        color.chosen_by = "--color";
    } else if (auto own = job.color_for(printer.id)) {
        color.mode = *own;
        color.chosen_by = "the job's color";
    } else {
        color.mode = spaces && !spaces->value.empty() && spaces->value.front() == "cmyk"
                         ? ColorMode::cmyk
                         : ColorMode::rgb;
        color.chosen_by = "the printer's default";
    }
    if (color.mode == ColorMode::cmyk) {
        color.standard = "PDF/X-1a:2001";
        color.max_ink_percent = printer.files.max_ink_percent;
        color.rich_black_percent = printer.files.rich_black_percent;
        color.small_text_black_max_pt = printer.files.small_text_black_max_pt;
    }
    return color;
}

InkRules ink_rules(const CoverColor& color) {
    InkRules rules;
    if (color.max_ink_percent)
        rules.max_ink_percent = color.max_ink_percent->value;
    if (color.rich_black_percent && color.rich_black_percent->value.size() == 4) {
        const auto& inks = color.rich_black_percent->value;
        rules.rich_black = Cmyk{inks[0] / 100.0, inks[1] / 100.0, inks[2] / 100.0, inks[3] / 100.0};
    }
    if (color.small_text_black_max_pt)
        rules.small_text_black_max_pt = color.small_text_black_max_pt->value;
    return rules;
}

}  // namespace

std::shared_ptr<const CmykConverter> CmykConverters::get(CmykProfile profile,
                                                         const InkRules& rules) {
    for (const Made& made : made_) {
        if (made.profile_file == profile.path && made.profile_sha256 == profile.sha256 &&
            made.rules.max_ink_percent == rules.max_ink_percent &&
            made.rules.rich_black == rules.rich_black &&
            made.rules.small_text_black_max_pt == rules.small_text_black_max_pt)
            return made.converter;
    }
    Made made{profile.path, profile.sha256, rules, nullptr};
    made.converter = std::make_shared<const CmykConverter>(std::move(profile), rules);
    made_.push_back(made);
    return made.converter;
}

const CmykProfile& CmykConverters::builtin_profile() {
    if (!builtin_)
        builtin_ = CmykProfile::builtin();
    return *builtin_;
}

CoverInk cover_ink(const Job& job, const PrinterSpec& printer,
                   const std::optional<ColorMode>& every_printer, CmykConverters& converters) {
    CoverInk ink;
    CoverColor& color = ink.color;
    color = choose_color(job, printer, every_printer);
    if (color.mode == ColorMode::cmyk) {
        CmykProfile profile;
        if (const auto icc = job.icc_for(color.printer)) {
            try {
                profile = CmykProfile::read(*icc);
            } catch (const InputError& refused) {
                throw InputError(job.where("icc") + ": " + refused.what());
            }
        } else {
            profile = converters.builtin_profile();
        }
        color.profile = profile.description;
        color.profile_file = profile.path;
        color.profile_sha256 = profile.sha256;
        color.profile_package = profile.package;
        ink.converter = converters.get(std::move(profile), ink_rules(color));
    } else if (printer.files.color_spaces &&
               printer.files.color_spaces->source.evidence == Evidence::unverified) {
        color.unverified = "that " + color.printer_name + " accepts RGB is UNVERIFIED (" +
                           printer.files.color_spaces->source.note + "); --color cmyk writes CMYK";
    }
    return ink;
}

std::string describe(const CoverColor& color) {
    if (color.mode == ColorMode::rgb) {
        return "RGB as drawn (" + color.chosen_by + "); pure black in 100% K" +
               (color.unverified.empty() ? "" : "; " + color.unverified);
    }
    std::string text = "CMYK " + color.standard + " (" + color.chosen_by + "), through " +
                       color.profile + " (" +
                       (color.profile_package.empty()
                            ? color.profile_file.string()
                            : color.profile_package + " " + color.profile_file.string()) +
                       ", SHA-256 " + color.profile_sha256.substr(0, 12) + "...)";
    const auto tags = [](const Source& source) {
        return source.tags.empty() ? std::string() : " [" + source.tags + "]";
    };
    if (color.max_ink_percent) {
        text += "; total ink at most " + std::to_string(color.max_ink_percent->value) + "%" +
                tags(color.max_ink_percent->source);
    } else {
        text += "; no ink limit from the printer (the profile's own)";
    }
    if (color.rich_black_percent) {
        text += ", rich black " + percent_list(color.rich_black_percent->value) +
                tags(color.rich_black_percent->source);
    }
    if (color.small_text_black_max_pt) {
        text += "; black text up to " + std::to_string(color.small_text_black_max_pt->value) +
                " pt in 100% K" + tags(color.small_text_black_max_pt->source);
        if (color.small_text_lines_in_k > 0) {
            text += " (" + std::to_string(color.small_text_lines_in_k) + " line" +
                    (color.small_text_lines_in_k == 1 ? "" : "s") + " of near-black text set so)";
        }
    }
    const PdfxFacts& images = color.images;
    if (images.rgb_jpegs_recoded > 0) {
        text += "; " + std::to_string(images.rgb_jpegs_recoded) + " RGB JPEG" +
                (images.rgb_jpegs_recoded == 1 ? "" : "s") +
                " re-encoded once as CMYK JPEG at quality " +
                std::to_string(images.recoded_jpeg_quality) +
                (images.recoded_jpeg_subsampled ? " (colour subsampled as in the source)" : "");
    }
    if (images.images_converted > 0) {
        text += "; " + std::to_string(images.images_converted) + " RGB image" +
                (images.images_converted == 1 ? "" : "s") + " converted losslessly";
    }
    if (images.cmyk_jpegs_kept > 0) {
        text += "; " + std::to_string(images.cmyk_jpegs_kept) + " CMYK JPEG" +
                (images.cmyk_jpegs_kept == 1 ? "" : "s") + " kept byte for byte";
    }
    return color.preview ? text + "; preview soft-proofed" : text;
}

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

JobLayouts lay_out_job(const Job& job, const std::vector<const PrinterSpec*>& printers) {
    JobLayouts report;
    report.facts = book_facts(job, printers);
    const BookFacts& facts = report.facts;
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
    return report;
}

RenderReport render_job(const Job& job, const std::vector<const PrinterSpec*>& printers,
                        const std::filesystem::path& out_dir, const RenderOptions& options) {
    OutputFiles files({});
    RenderReport report = render_job(job, printers, out_dir, options, files);
    files.commit();
    return report;
}

RenderReport render_job(const Job& job, const std::vector<const PrinterSpec*>& printers,
                        const std::filesystem::path& out_dir, const RenderOptions& options,
                        OutputFiles& files) {
    RenderReport report;
    report.binding = job.binding;
    for (const auto& input : inputs(job, options))
        files.add_input(input);
    files.clean_folder(out_dir);
    JobLayouts laid_out = lay_out_job(job, printers);
    report.trim = laid_out.facts.trim;
    report.pages = laid_out.facts.pages;
    report.warnings = std::move(laid_out.facts.warnings);
    report.layouts = std::move(laid_out.layouts);
    report.skipped = std::move(laid_out.skipped);
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
    std::vector<std::string> names{job.name + ".proof.pdf"};
    if (options.previews)
        names.push_back(job.name + ".proof.png");
    for (const auto& layout : report.layouts) {
        names.push_back(job.name + "." + layout.printer_id + ".pdf");
        if (options.previews)
            names.push_back(job.name + "." + layout.printer_id + ".png");
    }
    for (const auto& name : names)
        files.refuse_inputs(out_dir / name);
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

    // Each cover's colour, and a converter for each CMYK one (one profile read for all; covers
    // with one profile and the same ink rules share a converter, whose use is thread-safe).
    CmykConverters made;
    std::vector<std::shared_ptr<const CmykConverter>> converters;
    for (const Layout* layout : layouts) {
        const auto printer =
            std::find_if(printers.begin(), printers.end(),
                         [&](const PrinterSpec* p) { return p->id == layout->printer_id; });
        CoverInk ink = cover_ink(job, **printer, options.color, made);
        ink.color.preview = options.previews;
        report.colors.push_back(std::move(ink.color));
        converters.push_back(std::move(ink.converter));
    }
    const std::time_t date = options.date.value_or(newest_input(job, options));

    const PdfMetadata meta = metadata(job);
    prepare_qpdf_for_threads();
    // The slow steps that need only their own inputs (finishing each cover PDF, the CMYK
    // cover's art re-encoded; encoding each PNG) run on other threads while this one draws the
    // next output. The files are staged in order once everything is drawn. (Declared after
    // everything the threads read: on an exception, waiting for them comes first.)
    std::vector<std::pair<std::filesystem::path, std::function<std::string()>>> pending;
    auto output = [&](const std::string& file_name, std::function<std::string()> bytes) {
        pending.emplace_back(out_dir / file_name, std::move(bytes));
        return out_dir / file_name;
    };
    const auto png_later = [](CairoSurface surface) -> std::function<std::string()> {
        std::shared_future<std::string> png =
            std::async(std::launch::async, [image = std::move(surface)]() mutable {
                // The task is kept until staged: the pixels go as soon as they are encoded.
                std::string bytes = encode_png(image.get());
                image.reset();
                return bytes;
            });
        return [png] { return png.get(); };
    };

    for (std::size_t i = 0; i < layouts.size(); ++i) {
        const Layout& layout = *layouts[i];
        CoverColor& color = report.colors[i];
        const CmykConverter* converter = converters[i].get();
        CoverPlan cmyk_plan;
        if (converter) {
            cmyk_plan = plans[i];
            color.small_text_lines_in_k = set_small_black_text_in_k(cmyk_plan, *converter);
        }
        const CoverPlan& plan = converter ? cmyk_plan : plans[i];
        const OpaqueArt opaque(job.colors.background);
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
            draw_plan(cr.get(), plan, Target::pdf, 0, converter ? &opaque : nullptr);
            cairo_surface_finish(surface.get());
            check_cairo(cairo_surface_status(surface.get()), "writing the cover PDF");
        }
        const Rect trim = layout.at("trim").rect;
        const Rect sheet{at_x, at_y, layout.sheet.width, layout.sheet.height};
        const std::vector<PageBoxes> boxes{
            PageBoxes{page, Rect{trim.x + at_x, trim.y + at_y, trim.width, trim.height}, sheet}};
        std::shared_future<FinishedPdf> finished = std::async(
            std::launch::async, [raw = std::move(raw), boxes, meta, converter, date]() mutable {
                FinishedPdf done = converter ? finish_cmyk_pdf(raw, boxes, meta, *converter, date)
                                             : FinishedPdf{finish_pdf(raw, boxes, meta), {}};
                std::string().swap(raw);
                return done;
            });
        // What the finished PDF tells the report is taken when it is staged, in cover order.
        auto pdf = [&report, &layout, i, finished]() -> std::string {
            const FinishedPdf& done = finished.get();
            CoverColor& told = report.colors[i];
            if (told.mode != ColorMode::cmyk)
                return done.bytes;
            told.images = done.facts;
            if (told.max_ink_percent &&
                done.facts.cmyk_jpeg_max_ink_percent > told.max_ink_percent->value + 0.5) {
                report.warnings.push_back(
                    layout.printer_name + ": the CMYK JPEG art has up to " +
                    format_number(done.facts.cmyk_jpeg_max_ink_percent, 0) + "% total ink; " +
                    layout.printer_name + " allows " + std::to_string(told.max_ink_percent->value) +
                    "% [" + told.max_ink_percent->source.tags +
                    "]. podcover keeps CMYK art byte for byte: lower its ink in your image "
                    "editor (for example, convert it with a " +
                    std::to_string(told.max_ink_percent->value) + "% total ink limit)");
            }
            return done.bytes;
        };
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

        if (!options.previews)
            continue;
        const double ppi = options.preview_pixels_per_inch;
        CairoSurface image(cairo_image_surface_create(
            CAIRO_FORMAT_RGB24, static_cast<int>(std::ceil(layout.sheet.width.in() * ppi)),
            static_cast<int>(std::ceil(layout.sheet.height.in() * ppi))));
        {
            const Cairo cr(cairo_create(image.get()));
            cairo_scale(cr.get(), ppi / 72, ppi / 72);
            // A CMYK cover's preview shows it as it will print (soft proof).
            const std::optional<SoftProof> proof =
                converter
                    ? std::optional<SoftProof>(std::in_place, *converter, job.colors.background)
                    : std::nullopt;
            draw_plan(cr.get(), plan, Target::raster, ppi, proof ? &*proof : nullptr);
        }
        report.outputs.push_back({"preview", layout.printer_id, layout.paper_id,
                                  output(stem + ".png", png_later(std::move(image))),
                                  layout.sheet});
    }

    std::vector<ProofCover> covers;
    for (std::size_t i = 0; i < layouts.size(); ++i)
        covers.push_back(ProofCover{layouts[i], &plans[i]});
    ProofDocument proof =
        make_proof(covers, resources.fonts(), options.previews ? options.proof_pixels_per_inch : 0);
    report.proof_legend = proof.legend;
    report.proof_flagged = proof.flagged;
    std::shared_future<std::string> proof_pdf =
        std::async(std::launch::async, [pdf = std::move(proof.pdf), meta]() mutable {
            std::string done = finish_pdf(
                pdf, PdfMetadata{meta.title + " (drift proof)", meta.author, meta.subject, ""});
            std::string().swap(pdf);
            return done;
        });
    report.outputs.push_back(
        {"proof", "", "", output(job.name + ".proof.pdf", [proof_pdf] { return proof_pdf.get(); }),
         layouts.front()->sheet});
    if (options.previews)
        report.outputs.push_back({"proof", "", "",
                                  output(job.name + ".proof.png", png_later(std::move(proof.png))),
                                  layouts.front()->sheet});
    for (auto& [path, bytes] : pending)
        files.stage(path, bytes());
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
