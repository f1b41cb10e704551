#include "podcover/render/guide_layer.hpp"

#include <cairo-pdf.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "podcover/errors.hpp"
#include "podcover/render/output_files.hpp"
#include "podcover/render/overlay.hpp"
#include "podcover/render/pdf_output.hpp"

namespace podcover::render {
namespace {

using namespace podcover::literals;
using Anchor = GuideMark::Anchor;

// Every outline and line of the guide, in points.
constexpr double line_width_pt = 0.75;
// Labels stay this far from the fold line they name.
constexpr Length label_gap = 0.03_in;

Length points(double pt) {
    return Length::from_units(static_cast<Length::rep>(std::llround(pt * Length::units_per_pt)));
}

std::string in(Length length) {
    return length.format_with_unit(Unit::in, 4);
}

Rect grown(const Rect& r, Length by) {
    return Rect{r.x - by, r.y - by, r.width + by * 2, r.height + by * 2};
}

bool is_live(const Region& region) {
    return region.kind == RegionKind::safe || region.kind == RegionKind::spine_text;
}

// A row of labels centred in a horizontal strip of the sheet: the baseline sits so that
// capitals (about 0.72 em in Lato) are centred between the strip's edges.
Length centred_baseline(Length strip_top, Length strip_bottom, double size_pt) {
    return strip_top + (strip_bottom - strip_top) / 2 + points(0.36 * size_pt);
}

// Each fold's label runs away from its nearest neighbour, so that the two folds of a spine,
// or of a jacket's board edge, never print their labels over each other.
Anchor fold_label_anchor(const Layout& layout, std::size_t index) {
    const Length x = layout.folds[index].x;
    Length left = Length::from_in(1000), right = Length::from_in(1000);
    for (std::size_t i = 0; i < layout.folds.size(); ++i) {
        const Length other = layout.folds[i].x;
        if (i == index)
            continue;
        if (other < x)
            left = min(left, x - other);
        else
            right = min(right, other - x);
    }
    return right < left ? Anchor::end : Anchor::start;
}

std::string panel_title(const std::string& name) {
    if (name == "back")
        return "BACK COVER";
    if (name == "front")
        return "FRONT COVER";
    if (name == "back-flap")
        return "BACK FLAP";
    if (name == "front-flap")
        return "FRONT FLAP";
    return "SPINE";
}

// Locale-independent decimals for SVG attributes.
std::string decimal(double value, int places) {
    char buffer[64];
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, places);
    std::string text(buffer, result.ptr);
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0')
            text.pop_back();
        if (text.back() == '.')
            text.pop_back();
    }
    return text == "-0" ? "0" : text;
}

std::string svg_length(Length length) {
    return length.format(Unit::in, 6);
}

std::string svg_points(double pt) {
    return decimal(pt / 72, 6);
}

std::string hex(const Color& color) {
    static const char digits[] = "0123456789abcdef";
    std::string text = "#";
    for (const double channel : {color.red, color.green, color.blue}) {
        const auto byte = static_cast<int>(std::lround(std::clamp(channel, 0.0, 1.0) * 255));
        text += digits[byte / 16];
        text += digits[byte % 16];
    }
    return text;
}

std::string xml_escaped(const std::string& text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

void set_dash(cairo_t* cr, double width_pt) {
    const double dash[] = {4 * width_pt, 3 * width_pt};
    cairo_set_dash(cr, dash, 2, 0);
}

void draw_mark(cairo_t* cr, const GuideMark::Any& any, FontLibrary& fonts) {
    cairo_save(cr);
    if (const auto* area = std::get_if<GuideMark::Area>(&any)) {
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        for (const Rect& r : area->rects)
            cairo_rectangle(cr, to_pt(r.x), to_pt(r.y), to_pt(r.width), to_pt(r.height));
        cairo_set_source_rgba(cr, area->color.red, area->color.green, area->color.blue,
                              area->alpha);
        cairo_fill(cr);
    } else if (const auto* fill = std::get_if<GuideMark::Fill>(&any)) {
        fill_rect(cr, fill->rect, fill->color, fill->alpha);
    } else if (const auto* outline = std::get_if<GuideMark::Outline>(&any)) {
        set_color(cr, outline->color);
        cairo_set_line_width(cr, outline->width_pt);
        if (outline->dashed)
            set_dash(cr, outline->width_pt);
        const Rect& r = outline->rect;
        cairo_rectangle(cr, to_pt(r.x), to_pt(r.y), to_pt(r.width), to_pt(r.height));
        cairo_stroke(cr);
    } else if (const auto* line = std::get_if<GuideMark::Line>(&any)) {
        set_color(cr, line->color);
        cairo_set_line_width(cr, line->width_pt);
        if (line->dashed)
            set_dash(cr, line->width_pt);
        cairo_move_to(cr, to_pt(line->x1), to_pt(line->y1));
        cairo_line_to(cr, to_pt(line->x2), to_pt(line->y2));
        cairo_stroke(cr);
    } else if (const auto* label = std::get_if<GuideMark::Label>(&any)) {
        TextStyle style;
        style.font = fonts.default_font(label->bold ? "sans-bold" : "sans");
        style.size_pt = label->size_pt;
        style.color = label->color;
        const TextLine shaped = shape_line(label->text, style);
        const double shift = label->anchor == Anchor::middle ? shaped.width_pt / 2
                             : label->anchor == Anchor::end  ? shaped.width_pt
                                                             : 0;
        draw_line(cr, shaped, style, to_pt(label->x) - shift, to_pt(label->baseline));
    }
    cairo_restore(cr);
}

void draw_layers(cairo_t* cr, const std::vector<GuideLayerGroup>& layers, FontLibrary& fonts) {
    for (const auto& layer : layers) {
        for (const auto& mark : layer.marks)
            draw_mark(cr, mark, fonts);
    }
}

std::string svg_mark(const GuideMark::Any& any) {
    auto stroke = [](const Color& color, double width_pt, bool dashed) {
        std::string s = " fill=\"none\" stroke=\"" + hex(color) + "\" stroke-width=\"" +
                        svg_points(width_pt) + "\"";
        if (dashed)
            s += " stroke-dasharray=\"" + svg_points(4 * width_pt) + " " +
                 svg_points(3 * width_pt) + "\"";
        return s;
    };
    auto rect = [](const Rect& r) {
        return "<rect x=\"" + svg_length(r.x) + "\" y=\"" + svg_length(r.y) + "\" width=\"" +
               svg_length(r.width) + "\" height=\"" + svg_length(r.height) + "\"";
    };
    if (const auto* area = std::get_if<GuideMark::Area>(&any)) {
        std::string d;
        for (const Rect& r : area->rects) {
            d += (d.empty() ? "M" : " M") + svg_length(r.left()) + " " + svg_length(r.top()) + "H" +
                 svg_length(r.right()) + "V" + svg_length(r.bottom()) + "H" + svg_length(r.left()) +
                 "Z";
        }
        return "<path d=\"" + d + "\" fill=\"" + hex(area->color) + "\" fill-opacity=\"" +
               decimal(area->alpha, 3) + "\" fill-rule=\"evenodd\"/>";
    }
    if (const auto* fill = std::get_if<GuideMark::Fill>(&any)) {
        return rect(fill->rect) + " fill=\"" + hex(fill->color) + "\" fill-opacity=\"" +
               decimal(fill->alpha, 3) + "\"/>";
    }
    if (const auto* outline = std::get_if<GuideMark::Outline>(&any))
        return rect(outline->rect) + stroke(outline->color, outline->width_pt, outline->dashed) +
               "/>";
    if (const auto* line = std::get_if<GuideMark::Line>(&any)) {
        return "<line x1=\"" + svg_length(line->x1) + "\" y1=\"" + svg_length(line->y1) +
               "\" x2=\"" + svg_length(line->x2) + "\" y2=\"" + svg_length(line->y2) + "\"" +
               stroke(line->color, line->width_pt, line->dashed) + "/>";
    }
    const auto& label = std::get<GuideMark::Label>(any);
    const char* anchor = label.anchor == Anchor::middle ? "middle"
                         : label.anchor == Anchor::end  ? "end"
                                                        : "start";
    return "<text x=\"" + svg_length(label.x) + "\" y=\"" + svg_length(label.baseline) +
           "\" font-family=\"Lato, sans-serif\" font-size=\"" + svg_points(label.size_pt) + "\"" +
           (label.bold ? " font-weight=\"bold\"" : "") + " fill=\"" + hex(label.color) +
           "\" text-anchor=\"" + anchor + "\" xml:space=\"preserve\">" + xml_escaped(label.text) +
           "</text>";
}

std::string book_line(const Layout& layout) {
    return layout.printer_name + " " + std::string(binding_label(layout.binding)) +
           " guide layer: " + layout.trim.format(Unit::in, 4) + " trim, " +
           std::to_string(layout.pages) + " pages on " + layout.paper_id + ", spine " +
           in(layout.spine_width) + ", sheet " + layout.sheet.format(Unit::in, 4);
}

}  // namespace

std::vector<GuideLayerGroup> guide_layers(const Layout& layout) {
    const Rect sheet = layout.at("sheet").rect;
    const Rect& trim = layout.at("trim").rect;
    const Length half_line = points(line_width_pt / 2);
    const bool hardcover = layout.binding == Binding::case_laminate;
    std::vector<Rect> live;
    for (const auto& region : layout.regions) {
        if (is_live(region))
            live.push_back(region.rect);
    }
    Length live_top = trim.top(), live_bottom = trim.bottom();
    if (!live.empty()) {
        live_top = live.front().top();
        live_bottom = live.front().bottom();
        for (const Rect& r : live) {
            live_top = min(live_top, r.top());
            live_bottom = max(live_bottom, r.bottom());
        }
    }

    std::vector<GuideLayerGroup> layers;
    // Beyond the trim (cut off, or turned in around the boards) darker than the margin inside
    // it, as the live area stays clear.
    GuideLayerGroup out{"out-of-live", "Out of live area", {}};
    out.marks.push_back(GuideMark::Area{{sheet, trim}, Palette::bleed(), 0.35});
    std::vector<Rect> margin{trim};
    margin.insert(margin.end(), live.begin(), live.end());
    out.marks.push_back(GuideMark::Area{margin, Palette::bleed(), 0.15});
    layers.push_back(std::move(out));

    GuideLayerGroup construction{"boards-hinges-flaps", "Boards, hinges and flaps", {}};
    for (const auto& region : layout.regions) {
        if (region.kind == RegionKind::hinge)
            construction.marks.push_back(GuideMark::Fill{region.rect, Palette::hinge(), 0.3});
        if (region.kind == RegionKind::board || region.kind == RegionKind::flap)
            construction.marks.push_back(GuideMark::Outline{
                region.rect, region.kind == RegionKind::board ? Palette::hinge() : Palette::flap(),
                line_width_pt, false});
    }
    if (!construction.marks.empty())
        layers.push_back(std::move(construction));

    layers.push_back({"trim", "Trim", {GuideMark::Outline{trim, Palette::trim(), line_width_pt}}});

    // Outlines of the live areas lie just outside them, so that the live area stays clear.
    GuideLayerGroup safe{"safe-areas", "Safe areas and spine text", {}};
    for (const auto& region : layout.regions) {
        if (is_live(region)) {
            safe.marks.push_back(GuideMark::Outline{
                grown(region.rect, half_line),
                region.kind == RegionKind::safe ? Palette::safe() : Palette::spine_text(),
                line_width_pt, true});
        }
    }
    layers.push_back(std::move(safe));

    GuideLayerGroup folds{"folds", "Folds and their variance", {}};
    for (const auto& fold : layout.folds) {
        folds.marks.push_back(GuideMark::Fill{fold.band(), Palette::fold(), 0.22});
        folds.marks.push_back(GuideMark::Line{fold.x, sheet.top(), fold.x, sheet.bottom(),
                                              Palette::fold(), line_width_pt, true});
    }
    layers.push_back(std::move(folds));

    const Rect& code = layout.at("barcode").rect;
    const double code_label_pt = 6;
    layers.push_back({"barcode-area",
                      "Barcode area",
                      {GuideMark::Fill{code, Palette::barcode(), 0.35},
                       GuideMark::Label{"barcode area " + code.size().format(Unit::in, 4),
                                        code.x + code.width / 2,
                                        centred_baseline(code.top(), code.bottom(), code_label_pt),
                                        code_label_pt, Color::parse("#5c4a00"), Anchor::middle}}});

    // Labels in the strips outside the live area: between the sheet's edge and the trim
    // ("outer"), and between the trim and the live area ("inner"), above and below.
    const Length outer_top = trim.top() - sheet.top(), inner_top = live_top - trim.top();
    const Length outer_bottom = sheet.bottom() - trim.bottom(),
                 inner_bottom = trim.bottom() - live_bottom;
    const Length strip = min(min(outer_top, inner_top), min(outer_bottom, inner_bottom));
    // 0.125 in (9 pt) strips hold 5.4 pt labels with room above and below.
    const double size_pt = std::clamp(strip.pt() * 0.6, 3.0, 6.0);
    const Color ink = Color::parse("#222222");
    const Length top_outer = centred_baseline(sheet.top(), trim.top(), size_pt);
    const Length top_inner = centred_baseline(trim.top(), live_top, size_pt);
    const Length bottom_inner = centred_baseline(live_bottom, trim.bottom(), size_pt);
    const Length bottom_outer = centred_baseline(trim.bottom(), sheet.bottom(), size_pt);
    const Length edge_gap = 0.1_in;
    GuideLayerGroup labels{"labels", "Labels", {}};
    auto add = [&](std::string text, Length x, Length baseline, Anchor anchor, bool bold = false) {
        labels.marks.push_back(
            GuideMark::Label{std::move(text), x, baseline, size_pt, ink, anchor, bold});
    };
    add(book_line(layout), trim.left() + edge_gap, top_outer, Anchor::start);
    add("Coordinates: inches from the sheet's top-left corner, x to the right, y down",
        trim.right() - edge_gap, top_outer, Anchor::end);
    for (const char* name : {"back-flap", "back", "spine", "front", "front-flap"}) {
        const Region* region = layout.find(name);
        if (!region)
            continue;
        const Rect& r = region->rect;
        std::string text =
            panel_title(name) + " " +
            (std::string(name) == "spine" ? in(r.width) : r.size().format(Unit::in, 4)) +
            ", x = " + in(r.left()) + " to " + in(r.right());
        if (std::string(name) == "spine" && !layout.find("spine-text"))
            text += ", no spine text";
        add(text, r.x + r.width / 2, top_inner, Anchor::middle, false);
    }
    for (std::size_t i = 0; i < layout.folds.size(); ++i) {
        const Fold& fold = layout.folds[i];
        const Anchor anchor = fold_label_anchor(layout, i);
        add(fold.name + " x = " + in(fold.x) + " \xC2\xB1 " + in(fold.variance),
            anchor == Anchor::end ? fold.x - fold.variance - label_gap
                                  : fold.x + fold.variance + label_gap,
            bottom_inner, anchor);
    }
    std::string key = std::string("Red: out of live area (darker: ") +
                      (hardcover ? "wrap " : "bleed ") + in(layout.bleed) +
                      (hardcover ? ", turned in" : ", cut off") + "; lighter: safe margin " +
                      in(layout.safe_margin) + "). Dashed: safe areas (teal), spine text (navy), " +
                      "folds (orange). Yellow: barcode area.";
    if (hardcover)
        key += " Grey: boards and hinges.";
    add(key, trim.left() + edge_gap, bottom_outer, Anchor::start);
    add("REMOVE THIS TEMPLATE LAYER FROM FINAL ARTWORK", trim.right() - edge_gap, bottom_outer,
        Anchor::end, true);
    layers.push_back(std::move(labels));
    return layers;
}

std::string guide_svg(const Layout& layout, const std::vector<GuideLayerGroup>& layers) {
    const std::string width = svg_length(layout.sheet.width),
                      height = svg_length(layout.sheet.height);
    std::string svg =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" "
        "xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" "
        "xmlns:sodipodi=\"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd\" version=\"1.1\" "
        "width=\"" +
        width + "in\" height=\"" + height + "in\" viewBox=\"0 0 " + width + " " + height + "\">\n";
    svg += "<title>" + xml_escaped(book_line(layout)) + "</title>\n";
    svg +=
        "<desc>One unit is one inch: coordinates are inches from the sheet's top-left corner, "
        "x to the right, y down (podcover docs/geometry.md). Each group is a locked Inkscape "
        "layer; hide or delete them all before exporting the cover.</desc>\n";
    svg += "<sodipodi:namedview id=\"view\" inkscape:document-units=\"in\" units=\"in\"/>\n";
    for (const auto& layer : layers) {
        svg += "<g id=\"" + layer.id + "\" inkscape:groupmode=\"layer\" inkscape:label=\"" +
               xml_escaped(layer.name) + "\" sodipodi:insensitive=\"true\">\n";
        for (const auto& mark : layer.marks)
            svg += "  " + svg_mark(mark) + "\n";
        svg += "</g>\n";
    }
    svg += "</svg>\n";
    return svg;
}

GuideLayer make_guide_layer(const Layout& layout, FontLibrary& fonts, double png_pixels_per_inch) {
    GuideLayer guide;
    guide.page = layout.sheet;
    guide.layers = guide_layers(layout);
    std::string raw;
    {
        const CairoSurface surface =
            pdf_surface_into(raw, to_pt(layout.sheet.width), to_pt(layout.sheet.height));
        const Cairo cr(cairo_create(surface.get()));
        draw_layers(cr.get(), guide.layers, fonts);
        check_cairo(cairo_status(cr.get()), "drawing the guide layer");
        cairo_surface_finish(surface.get());
        check_cairo(cairo_surface_status(surface.get()), "writing the guide layer");
    }
    guide.pdf = finish_pdf(
        raw, {PageBoxes{layout.sheet, layout.at("trim").rect, layout.at("sheet").rect}},
        PdfMetadata{layout.printer_name + " cover guide layer", "", "podcover guide layer", ""});

    // The PNG is the sheet at the resolution, rounded to whole pixels, as KDP's template PNG.
    const int width = static_cast<int>(std::lround(layout.sheet.width.in() * png_pixels_per_inch));
    const int height =
        static_cast<int>(std::lround(layout.sheet.height.in() * png_pixels_per_inch));
    guide.png.reset(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height));
    check_cairo(cairo_surface_status(guide.png.get()), "making the guide layer image");
    guide.png_pixels_per_inch = png_pixels_per_inch;
    const Cairo cr(cairo_create(guide.png.get()));
    cairo_scale(cr.get(), png_pixels_per_inch / 72, png_pixels_per_inch / 72);
    draw_layers(cr.get(), guide.layers, fonts);
    check_cairo(cairo_status(cr.get()), "drawing the guide layer image");
    guide.svg = guide_svg(layout, guide.layers);
    return guide;
}

std::vector<RenderedFile> write_guide_layers(const std::vector<Layout>& layouts,
                                             const TemplateRequest& request,
                                             const std::filesystem::path& out_dir) {
    OutputFiles files({});
    auto written = write_guide_layers(layouts, request, out_dir, files);
    files.commit();
    return written;
}

std::vector<RenderedFile> write_guide_layers(const std::vector<Layout>& layouts,
                                             const TemplateRequest& request,
                                             const std::filesystem::path& out_dir,
                                             OutputFiles& staged) {
    FontLibrary fonts;
    std::vector<RenderedFile> files;
    for (const auto& layout : layouts) {
        const GuideLayer guide = make_guide_layer(layout, fonts, request.pixels_per_inch);
        const std::string stem = request.name + "." + layout.printer_id + ".guide";
        const std::pair<std::string, std::string> outputs[] = {
            {".pdf", guide.pdf},
            {".png", encode_png(guide.png.get(), guide.png_pixels_per_inch)},
            {".svg", guide.svg}};
        for (const auto& [extension, bytes] : outputs) {
            staged.stage(out_dir / (stem + extension), bytes);
            files.push_back({"guide", layout.printer_id, layout.paper_id,
                             out_dir / (stem + extension), layout.sheet});
        }
    }
    return files;
}

}  // namespace podcover::render
