#include "podcover/render/overlay.hpp"

namespace podcover::render {

double to_pt(Length length) {
    return length.pt();
}

void fill_rect(cairo_t* cr, const Rect& rect, const Color& color, double alpha) {
    cairo_set_source_rgba(cr, color.red, color.green, color.blue, alpha);
    cairo_rectangle(cr, to_pt(rect.x), to_pt(rect.y), to_pt(rect.width), to_pt(rect.height));
    cairo_fill(cr);
}

void stroke_rect(cairo_t* cr, const Rect& rect, const Color& color, double alpha, double width_pt,
                 bool dashed) {
    cairo_save(cr);
    cairo_set_source_rgba(cr, color.red, color.green, color.blue, alpha);
    cairo_set_line_width(cr, width_pt);
    if (dashed) {
        const double dash[] = {4 * width_pt, 3 * width_pt};
        cairo_set_dash(cr, dash, 2, 0);
    }
    cairo_rectangle(cr, to_pt(rect.x), to_pt(rect.y), to_pt(rect.width), to_pt(rect.height));
    cairo_stroke(cr);
    cairo_restore(cr);
}

void vertical_line(cairo_t* cr, Length x, Length top, Length bottom, const Color& color,
                   double width_pt, bool dashed) {
    cairo_save(cr);
    set_color(cr, color);
    cairo_set_line_width(cr, width_pt);
    if (dashed) {
        const double dash[] = {6 * width_pt, 4 * width_pt};
        cairo_set_dash(cr, dash, 2, 0);
    }
    cairo_move_to(cr, to_pt(x), to_pt(top));
    cairo_line_to(cr, to_pt(x), to_pt(bottom));
    cairo_stroke(cr);
    cairo_restore(cr);
}

double label(cairo_t* cr, const std::string& text, const TextStyle& style, double x_pt, double y_pt,
             double rotation) {
    const TextLine line = shape_line(text, style);
    cairo_save(cr);
    cairo_translate(cr, x_pt, y_pt);
    cairo_rotate(cr, rotation);
    draw_line(cr, line, style, 0, 0);
    cairo_restore(cr);
    return line.width_pt;
}

void centred_label(cairo_t* cr, const std::string& text, const TextStyle& style, double x_pt,
                   double y_pt, double rotation) {
    const TextLine line = shape_line(text, style);
    cairo_save(cr);
    cairo_translate(cr, x_pt, y_pt);
    cairo_rotate(cr, rotation);
    draw_line(cr, line, style, -line.width_pt / 2, (line.ascent_pt - line.descent_pt) / 2);
    cairo_restore(cr);
}

void draw_fold(cairo_t* cr, Length x, Length variance, Length height, const Color& color,
               bool dashed) {
    fill_rect(cr, Rect{x - variance, Length(), variance * 2, height}, color, 0.22);
    vertical_line(cr, x, Length(), height, color, 0.75, dashed);
}

}  // namespace podcover::render
