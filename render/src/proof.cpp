#include "podcover/render/proof.hpp"

#include <cairo-pdf.h>

#include <algorithm>
#include <cmath>

#include "podcover/compare.hpp"
#include "podcover/render/overlay.hpp"
#include "podcover/render/pdf_output.hpp"

namespace podcover::render {
namespace {

using namespace podcover::literals;

// Room around the cover on a proof page, and below it for the legend.
constexpr Length page_margin = 0.3_in;
constexpr Length legend_height = 1.3_in;

Length spine_centre(const Layout& layout) {
    const Rect& spine = layout.at("spine").rect;
    return spine.left() + spine.width / 2;
}

std::string in(Length length) {
    return length.format_with_unit(Unit::in, 4);
}

struct Page {
    const ProofCover* cover;
    std::vector<ProofFold> folds;
    std::vector<Flag> flags;
    std::vector<std::string> legend;
    Size size;
};

void draw_page(cairo_t* cr, const Page& page, FontLibrary& fonts, Target target, double ppi) {
    const Layout& layout = *page.cover->layout;
    // White under this page only (the PNG holds every page).
    fill_rect(cr, Rect{Length(), Length(), page.size.width, page.size.height}, Color::white(), 1);
    cairo_save(cr);
    cairo_translate(cr, to_pt(page_margin), to_pt(page_margin));
    draw_plan(cr, *page.cover->plan, target, ppi);
    // Everything beyond the trim is cut off: shade it.
    const Rect sheet{Length(), Length(), layout.sheet.width, layout.sheet.height};
    const Rect& trim = layout.at("trim").rect;
    cairo_save(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_rectangle(cr, to_pt(sheet.x), to_pt(sheet.y), to_pt(sheet.width), to_pt(sheet.height));
    cairo_rectangle(cr, to_pt(trim.x), to_pt(trim.y), to_pt(trim.width), to_pt(trim.height));
    cairo_set_source_rgba(cr, 1, 1, 1, 0.45);
    cairo_fill(cr);
    cairo_restore(cr);
    stroke_rect(cr, trim, Palette::trim(), 1, 0.5, false);
    for (const auto& fold : page.folds) {
        draw_fold(cr, fold.x, fold.variance, layout.sheet.height,
                  fold.own ? Palette::fold() : Palette::other_fold(), !fold.own);
    }
    if (const Region* text = layout.find("spine-text"))
        stroke_rect(cr, text->rect, Palette::spine_text(), 1, 0.75, true);
    for (const auto& flag : page.flags) {
        Rect marked = flag.element->rect;
        if (marked.width == Length())
            marked = Rect{marked.x - 0.02_in, marked.y, 0.04_in, marked.height};
        fill_rect(cr, marked, Palette::alarm(), 0.45);
        stroke_rect(cr, marked, Palette::alarm(), 1, 1.5, false);
    }
    cairo_restore(cr);

    TextStyle style;
    style.font = fonts.default_font("sans");
    style.size_pt = 9;
    double y = to_pt(page_margin + layout.sheet.height) + 18;
    for (const auto& line : page.legend) {
        // A dark red, so that pure red on the page always means a marked element.
        style.color = line.rfind("Red:", 0) == 0 ? Color::parse("#b3001b") : Color::black();
        label(cr, line, style, to_pt(page_margin), y);
        y += 12.5;
    }
}

}  // namespace

std::vector<ProofFold> proof_folds(const Layout& own, const std::vector<const Layout*>& others) {
    std::vector<ProofFold> folds;
    for (const auto& fold : own.folds)
        folds.push_back({own.printer_name, fold.name, fold.x, fold.variance, true});
    const Length centre = spine_centre(own);
    for (const Layout* other : others) {
        const Length shift = centre - spine_centre(*other);
        for (const auto& fold : other->folds) {
            folds.push_back({other->printer_name, fold.name, fold.x + shift, fold.variance, false});
        }
    }
    return folds;
}

std::vector<Flag> flag_elements(const CoverPlan& plan, const std::vector<ProofFold>& folds) {
    std::vector<Flag> flags;
    for (const auto& element : plan.elements) {
        for (const auto& fold : folds) {
            const Length low = fold.x - fold.variance, high = fold.x + fold.variance;
            if (element.rect.right() > low && element.rect.left() < high) {
                flags.push_back({&element, fold});
                break;
            }
        }
    }
    return flags;
}

std::optional<Length> spine_text_margin(const std::vector<ProofCover>& covers) {
    std::optional<Length> smallest;
    for (const auto& cover : covers) {
        for (const auto& element : cover.plan->elements) {
            if (element.label.rfind("spine text", 0) != 0)
                continue;
            for (const auto& fold : cover.layout->folds) {
                if (fold.name != "fold-back" && fold.name != "fold-front")
                    continue;
                const Length gap = fold.x < element.rect.left() ? element.rect.left() - fold.x
                                                                : fold.x - element.rect.right();
                const Length margin = gap - fold.variance;
                smallest = smallest ? min(*smallest, margin) : margin;
            }
        }
    }
    return smallest;
}

ProofDocument make_proof(const std::vector<ProofCover>& covers, FontLibrary& fonts,
                         double png_pixels_per_inch) {
    ProofDocument proof;
    const auto margin = spine_text_margin(covers);
    std::vector<Page> pages;
    for (const auto& cover : covers) {
        Page page;
        page.cover = &cover;
        std::vector<const Layout*> others;
        for (const auto& other : covers) {
            if (&other != &cover)
                others.push_back(other.layout);
        }
        page.folds = proof_folds(*cover.layout, others);
        page.flags = flag_elements(*cover.plan, page.folds);
        proof.flagged += static_cast<int>(page.flags.size());
        const Layout& layout = *cover.layout;
        page.size = Size{layout.sheet.width + page_margin * 2,
                         layout.sheet.height + page_margin * 2 + legend_height};
        std::string folds_line = layout.printer_name + " cover, " +
                                 layout.sheet.format(Unit::in, 4) + ": its folds solid";
        for (const Layout* other : others)
            folds_line += ", " + other->printer_name + "'s dashed";
        folds_line += " (spine centres aligned); bands: \xC2\xB1" +
                      format_inch_fraction(layout.fold_variance) + " fold variance.";
        page.legend.push_back(folds_line);
        for (const Layout* other : others) {
            const Length difference = other->spine_width - layout.spine_width;
            page.legend.push_back(other->printer_name + " spine " + in(abs(difference)) +
                                  (difference < Length()   ? " narrower"
                                   : difference > Length() ? " wider"
                                                           : " the same") +
                                  " (" + in(other->spine_width) + " against " +
                                  in(layout.spine_width) + ").");
        }
        if (margin && *margin >= Length()) {
            page.legend.push_back("Spine text clears every fold's variance band by at least " +
                                  in(*margin) + " on every stock.");
        } else if (margin) {
            // A printer's stated clearance allows for its fold variance [KDP-H]: spine text
            // inside its spine-text area may enter the band.
            bool inside = true;
            for (const auto& checked : covers) {
                const Rect& area = checked.layout->at("spine-text").rect;
                for (const auto& element : checked.plan->elements) {
                    if (element.label.rfind("spine text", 0) == 0 && !area.contains(element.rect))
                        inside = false;
                }
            }
            page.legend.push_back(
                "Spine text enters a fold's variance band by " + in(-*margin) +
                (inside ? ", inside every printer's spine-text area (the printers' clearance "
                          "allows for the variance; spine.margin = \"safe\" keeps text out of "
                          "the band)."
                        : ", beyond a printer's spine-text area."));
        } else {
            page.legend.push_back("No spine text.");
        }
        if (page.flags.empty()) {
            page.legend.push_back("No text or hard edge comes within a fold's variance band.");
        } else {
            std::string line =
                "Red: " + std::to_string(page.flags.size()) + " within a fold's variance band: ";
            for (std::size_t i = 0; i < page.flags.size() && i < 4; ++i) {
                const auto& flag = page.flags[i];
                line += (i ? "; " : "") + flag.element->label + " (" + flag.fold.printer_name +
                        " " + flag.fold.name + ")";
            }
            if (page.flags.size() > 4)
                line += "; ...";
            page.legend.push_back(line);
        }
        proof.legend.insert(proof.legend.end(), page.legend.begin(), page.legend.end());
        pages.push_back(std::move(page));
    }

    // The PDF: one page per cover.
    {
        const CairoSurface surface = pdf_surface_into(proof.pdf, 1, 1);
        const Cairo cr(cairo_create(surface.get()));
        for (const auto& page : pages) {
            cairo_pdf_surface_set_size(surface.get(), to_pt(page.size.width),
                                       to_pt(page.size.height));
            draw_page(cr.get(), page, fonts, Target::pdf, 0);
            cairo_show_page(cr.get());
        }
        check_cairo(cairo_status(cr.get()), "drawing the proof");
        cairo_surface_finish(surface.get());
        check_cairo(cairo_surface_status(surface.get()), "writing the proof");
    }
    // The PNG: the pages one above another.
    int width = 0, height = 0;
    for (const auto& page : pages) {
        width = std::max(width,
                         static_cast<int>(std::ceil(page.size.width.in() * png_pixels_per_inch)));
        height += static_cast<int>(std::ceil(page.size.height.in() * png_pixels_per_inch));
    }
    proof.png.reset(
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, std::max(width, 1), std::max(height, 1)));
    const Cairo cr(cairo_create(proof.png.get()));
    set_color(cr.get(), Color::white());
    cairo_paint(cr.get());
    double top = 0;
    for (const auto& page : pages) {
        cairo_save(cr.get());
        cairo_translate(cr.get(), 0, top);
        cairo_scale(cr.get(), png_pixels_per_inch / 72, png_pixels_per_inch / 72);
        draw_page(cr.get(), page, fonts, Target::raster, png_pixels_per_inch);
        cairo_restore(cr.get());
        top += std::ceil(page.size.height.in() * png_pixels_per_inch);
    }
    check_cairo(cairo_status(cr.get()), "drawing the proof image");
    return proof;
}

}  // namespace podcover::render
