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

// ---- the spine inset ----------------------------------------------------------------------

// Each slice shows this much of the sheet beyond the widest spine on either side, so that
// every fold's band and some of each cover lies in it.
constexpr Length inset_side = 0.25_in;
// A slice is drawn this wide and this tall on the page, near enough: the scale is a whole
// number, at least 4.
constexpr double inset_target_width_in = 6.5;
constexpr double inset_target_height_in = 6;
constexpr int inset_min_scale = 4;
constexpr int inset_max_scale = 16;
constexpr Length inset_gap = 0.5_in;      // between the slices
constexpr Length inset_title = 0.65_in;   // the title above the slices
constexpr Length inset_caption = 0.3_in;  // each slice's caption above it
constexpr Length inset_numbers = 1.2_in;  // the numbers below
constexpr double inset_line_pt = 1.5;     // fold lines, wide enough to show in the PNG
constexpr double ghost_alpha = 0.35;

bool is_spine_fold(const std::string& name) {
    return name == "fold-back" || name == "fold-front";
}

// The spine text's ink, all lines together.
std::optional<Rect> spine_text_ink(const CoverPlan& plan) {
    std::optional<Rect> ink;
    for (const auto& element : plan.elements) {
        if (element.label.rfind("spine text", 0) != 0)
            continue;
        const Rect& r = element.rect;
        ink = ink ? Rect::from_edges(min(ink->left(), r.left()), min(ink->top(), r.top()),
                                     max(ink->right(), r.right()), max(ink->bottom(), r.bottom()))
                  : r;
    }
    return ink;
}

// From the ink to a fold, across the spine: the distance to the fold line.
Length ink_to_fold(const Rect& ink, const ProofFold& fold) {
    return fold.x < ink.left() + ink.width / 2 ? ink.left() - fold.x : fold.x - ink.right();
}

std::string band_clearance(Length margin) {
    return margin >= Length() ? in(margin) + " clear" : in(-margin) + " inside";
}

// The numbers under one slice: the ink's extent, and for each printer's fold pair the
// distance from the ink to each fold and to the edge of its band.
std::vector<std::string> inset_numbers_text(const Layout& layout, const ProofInsetPanel& panel) {
    std::vector<std::string> text;
    if (!panel.ink) {
        text.push_back("No spine text.");
        return text;
    }
    const Rect& ink = *panel.ink;
    text.push_back("Text ink x = " + in(ink.left()) + " to " + in(ink.right()) + ", " +
                   in(ink.width) + " across");
    std::vector<std::string> printers;
    for (const auto& fold : panel.folds) {
        if (std::find(printers.begin(), printers.end(), fold.printer_name) == printers.end())
            printers.push_back(fold.printer_name);
    }
    for (const auto& printer : printers) {
        std::string distances, bands;
        bool own = false;
        Length variance;
        for (const auto& fold : panel.folds) {
            if (fold.printer_name != printer)
                continue;
            own = fold.own;
            variance = fold.variance;
            const std::string side = fold.name == "fold-back" ? "back " : "front ";
            const Length gap = ink_to_fold(ink, fold);
            distances += (distances.empty() ? "" : ", ") + side + in(gap);
            bands += (bands.empty() ? "" : ", ") + band_clearance(gap - fold.variance);
        }
        text.push_back("To " + printer + "'s folds (" + (own ? "solid" : "dashed") +
                       "): " + distances);
        text.push_back("    their \xC2\xB1" + format_inch_fraction(variance) + " bands: " + bands);
    }
    text.push_back("Ghosts: the text where the folds drifted \xC2\xB1" +
                   format_inch_fraction(layout.fold_variance) + " put it.");
    return text;
}

ProofInset plan_inset(const std::vector<ProofCover>& covers) {
    ProofInset inset;
    Length widest;
    for (const auto& cover : covers)
        widest = max(widest, cover.layout->spine_width);
    const Length window_width = widest + inset_side * 2;
    inset.scale = std::clamp(static_cast<int>(inset_target_width_in / window_width.in()),
                             inset_min_scale, inset_max_scale);
    const Length placed_width = window_width * inset.scale;
    const Length window_height = Length::from_units(static_cast<Length::rep>(
        std::llround(inset_target_height_in / inset.scale * Length::units_per_in)));
    Length x = page_margin;
    const Length y = page_margin + inset_title + inset_caption;
    for (const auto& cover : covers) {
        const Layout& layout = *cover.layout;
        ProofInsetPanel panel;
        panel.printer_name = layout.printer_name;
        std::vector<const Layout*> others;
        for (const auto& other : covers) {
            if (&other != &cover)
                others.push_back(other.layout);
        }
        for (const auto& fold : proof_folds(layout, others)) {
            if (is_spine_fold(fold.name))
                panel.folds.push_back(fold);
        }
        panel.ink = spine_text_ink(*cover.plan);
        // The slice starts a little above the text's head, where the first line begins; with
        // no spine text, at the top of the sheet.
        const Length height = min(window_height, layout.sheet.height);
        Length top = panel.ink ? panel.ink->top() - 0.2_in : Length();
        top = std::clamp(top, Length(), layout.sheet.height - height);
        panel.window = Rect{spine_centre(layout) - window_width / 2, top, window_width, height};
        panel.placed = Rect{x, y, placed_width, height * inset.scale};
        panel.text = inset_numbers_text(layout, panel);
        inset.panels.push_back(std::move(panel));
        x += placed_width + inset_gap;
    }
    Length bottom;
    for (const auto& panel : inset.panels)
        bottom = max(bottom, panel.placed.bottom());
    inset.page = Size{x - inset_gap + page_margin, bottom + inset_numbers + page_margin};
    return inset;
}

// Draws one slice: the cover magnified, its folds and bands, the ink, the ghosts and the
// distances.
void draw_inset_panel(cairo_t* cr, const ProofCover& cover, const ProofInsetPanel& panel, int scale,
                      FontLibrary& fonts, Target target, double ppi) {
    const Rect& window = panel.window;
    const double s = scale;
    const double left_pt = to_pt(panel.placed.x), top_pt = to_pt(panel.placed.y);
    const double width_pt = to_pt(panel.placed.width), height_pt = to_pt(panel.placed.height);
    auto map_x = [&](Length x) { return left_pt + to_pt(x - window.x) * s; };
    auto map_y = [&](Length y) { return top_pt + to_pt(y - window.y) * s; };

    cairo_save(cr);
    cairo_rectangle(cr, left_pt, top_pt, width_pt, height_pt);
    cairo_clip(cr);
    // The cover, magnified, knocked back so that the marks over it read.
    cairo_save(cr);
    cairo_translate(cr, left_pt, top_pt);
    cairo_scale(cr, s, s);
    cairo_translate(cr, -to_pt(window.x), -to_pt(window.y));
    draw_plan(cr, *cover.plan, target, ppi * s);
    cairo_restore(cr);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.35);
    cairo_paint(cr);

    // The text where it lands when the folds drift the full variance either way: the spine's
    // lines drawn again, shifted, faint.
    const Rect& spine = cover.layout->at("spine").rect;
    for (const Length shift : {-cover.layout->fold_variance, cover.layout->fold_variance}) {
        cairo_push_group(cr);
        cairo_translate(cr, left_pt, top_pt);
        cairo_scale(cr, s, s);
        cairo_translate(cr, -to_pt(window.x - shift), -to_pt(window.y));
        for (const auto& op : cover.plan->ops) {
            const auto* words = std::get_if<CoverPlan::Words>(&op);
            if (!words || words->rotation == 0 || words->origin_x_pt < to_pt(spine.left()) ||
                words->origin_x_pt > to_pt(spine.right()))
                continue;
            cairo_save(cr);
            cairo_translate(cr, words->origin_x_pt, words->origin_y_pt);
            cairo_rotate(cr, words->rotation);
            TextStyle ghost = words->style;
            ghost.color = Palette::ghost();
            draw_line(cr, words->line, ghost, 0, 0);
            cairo_restore(cr);
        }
        cairo_pop_group_to_source(cr);
        cairo_paint_with_alpha(cr, ghost_alpha);
    }

    // The bands, then the ink's outline, then the fold lines over everything.
    for (const auto& fold : panel.folds) {
        const Color color = fold.own ? Palette::fold() : Palette::other_fold();
        cairo_set_source_rgba(cr, color.red, color.green, color.blue, 0.22);
        cairo_rectangle(cr, map_x(fold.x - fold.variance), top_pt, to_pt(fold.variance * 2) * s,
                        height_pt);
        cairo_fill(cr);
    }
    if (panel.ink) {
        const Rect& ink = *panel.ink;
        set_color(cr, Palette::ink());
        cairo_set_line_width(cr, 1);
        cairo_rectangle(cr, map_x(ink.left()), map_y(ink.top()), to_pt(ink.width) * s,
                        to_pt(ink.height) * s);
        cairo_stroke(cr);
    }
    for (const auto& fold : panel.folds) {
        cairo_save(cr);
        set_color(cr, fold.own ? Palette::fold() : Palette::other_fold());
        cairo_set_line_width(cr, inset_line_pt);
        if (!fold.own) {
            const double dash[] = {6 * inset_line_pt, 4 * inset_line_pt};
            cairo_set_dash(cr, dash, 2, 0);
        }
        cairo_move_to(cr, map_x(fold.x), top_pt);
        cairo_line_to(cr, map_x(fold.x), top_pt + height_pt);
        cairo_stroke(cr);
        cairo_restore(cr);
    }

    // The distances from the ink to each fold, as dimension lines: the own folds' a little
    // below the text's head, the others' lower.
    if (panel.ink) {
        const Rect& ink = *panel.ink;
        TextStyle style;
        style.font = fonts.default_font("sans-bold");
        style.size_pt = 8;
        const double own_row = map_y(ink.top()) + std::min(40.0, height_pt / 4);
        const double others_row = map_y(ink.top()) + std::min(80.0, height_pt / 2);
        for (const auto& fold : panel.folds) {
            // The fold's own colour, the orange darkened so that its small type reads.
            const Color color = fold.own ? Color::parse("#9c4a0c") : Palette::other_fold();
            const bool back = fold.x < ink.left() + ink.width / 2;
            const double from = map_x(back ? ink.left() : ink.right()), to = map_x(fold.x);
            const double y = fold.own ? own_row : others_row;
            set_color(cr, color);
            cairo_set_line_width(cr, 0.75);
            cairo_move_to(cr, from, y);
            cairo_line_to(cr, to, y);
            for (const double end : {from, to}) {
                cairo_move_to(cr, end, y - 3);
                cairo_line_to(cr, end, y + 3);
            }
            cairo_stroke(cr);
            style.color = color;
            const TextLine line = shape_line(in(ink_to_fold(ink, fold)), style);
            draw_line(cr, line, style, (from + to) / 2 - line.width_pt / 2, y - 4);
        }
    }
    cairo_restore(cr);

    set_color(cr, Color::black());
    cairo_set_line_width(cr, 0.5);
    cairo_rectangle(cr, left_pt, top_pt, width_pt, height_pt);
    cairo_stroke(cr);

    TextStyle caption;
    caption.font = fonts.default_font("sans-bold");
    caption.size_pt = 10;
    label(cr,
          cover.layout->printer_name + " spine " + in(cover.layout->spine_width) +
              ", y = " + in(window.top()) + " to " + in(window.bottom()),
          caption, left_pt, top_pt - 8);
    TextStyle numbers;
    numbers.font = fonts.default_font("sans");
    numbers.size_pt = 9;
    double y = top_pt + height_pt + 16;
    for (const auto& line : panel.text) {
        label(cr, line, numbers, left_pt, y);
        y += 12.5;
    }
}

void draw_inset(cairo_t* cr, const ProofInset& inset, const std::vector<ProofCover>& covers,
                FontLibrary& fonts, Target target, double ppi) {
    fill_rect(cr, Rect{Length(), Length(), inset.page.width, inset.page.height}, Color::white(), 1);
    TextStyle title;
    title.font = fonts.default_font("sans-bold");
    title.size_pt = 12;
    std::string names;
    for (std::size_t i = 0; i < covers.size(); ++i)
        names +=
            (i ? (i + 1 == covers.size() ? " and " : ", ") : "") + covers[i].layout->printer_name;
    label(cr,
          "Spine drift, magnified " + std::to_string(inset.scale) + "\xC3\x97: " + names +
              (covers.size() > 1 ? "'s spines side by side" : "'s spine"),
          title, to_pt(page_margin), to_pt(page_margin) + 14);
    TextStyle sub;
    sub.font = fonts.default_font("sans");
    sub.size_pt = 9;
    const std::string variance =
        "\xC2\xB1" + format_inch_fraction(covers.front().layout->fold_variance);
    label(cr,
          "Each spine with its own folds solid and the other printers' dashed (spine centres "
          "aligned), their " +
              variance + " variance bands shaded.",
          sub, to_pt(page_margin), to_pt(page_margin) + 30);
    label(cr,
          "Blue: the spine text's ink. Pink: the text ghosted where it lands when the folds "
          "drift the full " +
              variance +
              ". Coordinates: inches from each sheet's top-left corner, x to the right, y down.",
          sub, to_pt(page_margin), to_pt(page_margin) + 42);
    for (std::size_t i = 0; i < covers.size(); ++i)
        draw_inset_panel(cr, covers[i], inset.panels[i], inset.scale, fonts, target, ppi);
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

    proof.inset = plan_inset(covers);
    // The inset's numbers in a line per printer: the nearest fold of each printer's pair.
    for (const auto& panel : proof.inset.panels) {
        if (!panel.ink)
            continue;
        std::vector<std::pair<std::string, std::pair<Length, Length>>> nearest;
        for (const auto& fold : panel.folds) {
            const Length gap = ink_to_fold(*panel.ink, fold);
            auto found = std::find_if(nearest.begin(), nearest.end(),
                                      [&](const auto& n) { return n.first == fold.printer_name; });
            if (found == nearest.end())
                nearest.push_back({fold.printer_name, {gap, gap - fold.variance}});
            else
                found->second = {min(found->second.first, gap),
                                 min(found->second.second, gap - fold.variance)};
        }
        std::string line = "Spine inset, " + panel.printer_name + "'s cover: text ink";
        for (std::size_t i = 0; i < nearest.size(); ++i) {
            line += (i ? ", " : " ") + in(nearest[i].second.first) + " from " + nearest[i].first +
                    "'s nearest fold (" + band_clearance(nearest[i].second.second) +
                    " of its band)";
        }
        proof.legend.push_back(line + ".");
    }

    // The PDF: one page per cover, then the inset.
    {
        const CairoSurface surface = pdf_surface_into(proof.pdf, 1, 1);
        const Cairo cr(cairo_create(surface.get()));
        for (const auto& page : pages) {
            cairo_pdf_surface_set_size(surface.get(), to_pt(page.size.width),
                                       to_pt(page.size.height));
            draw_page(cr.get(), page, fonts, Target::pdf, 0);
            cairo_show_page(cr.get());
        }
        cairo_pdf_surface_set_size(surface.get(), to_pt(proof.inset.page.width),
                                   to_pt(proof.inset.page.height));
        draw_inset(cr.get(), proof.inset, covers, fonts, Target::pdf, 0);
        cairo_show_page(cr.get());
        check_cairo(cairo_status(cr.get()), "drawing the proof");
        cairo_surface_finish(surface.get());
        check_cairo(cairo_surface_status(surface.get()), "writing the proof");
    }
    if (png_pixels_per_inch <= 0)
        return proof;
    // The PNG: the pages one above another.
    int width = 0, height = 0;
    for (const auto& page : pages) {
        width = std::max(width,
                         static_cast<int>(std::ceil(page.size.width.in() * png_pixels_per_inch)));
        height += static_cast<int>(std::ceil(page.size.height.in() * png_pixels_per_inch));
    }
    proof.inset.png_top = height;
    width = std::max(
        width, static_cast<int>(std::ceil(proof.inset.page.width.in() * png_pixels_per_inch)));
    height += static_cast<int>(std::ceil(proof.inset.page.height.in() * png_pixels_per_inch));
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
    cairo_save(cr.get());
    cairo_translate(cr.get(), 0, top);
    cairo_scale(cr.get(), png_pixels_per_inch / 72, png_pixels_per_inch / 72);
    draw_inset(cr.get(), proof.inset, covers, fonts, Target::raster, png_pixels_per_inch);
    cairo_restore(cr.get());
    check_cairo(cairo_status(cr.get()), "drawing the proof image");
    return proof;
}

}  // namespace podcover::render
