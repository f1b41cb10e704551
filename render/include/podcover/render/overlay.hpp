// Drawing a layout's zones, folds and labels over a cover or on a blank sheet: the language
// shared by templates, drift proofs and the checker's annotated proofs.
#pragma once

#include <cairo.h>

#include <string>

#include "podcover/layout.hpp"
#include "podcover/render/fonts.hpp"
#include "podcover/render/text.hpp"

namespace podcover::render {

// The colours zones are drawn in.
struct Palette {
    static Color bleed() { return Color::parse("#e63946"); }
    static Color trim() { return Color::black(); }
    static Color safe() { return Color::parse("#2a9d8f"); }
    static Color spine() { return Color::parse("#457b9d"); }
    static Color spine_text() { return Color::parse("#1d3557"); }
    static Color fold() { return Color::parse("#f4a261"); }
    static Color other_fold() { return Color::parse("#8338ec"); }
    static Color hinge() { return Color::parse("#8d99ae"); }
    static Color flap() { return Color::parse("#6d597a"); }
    static Color barcode() { return Color::parse("#e9c46a"); }
    static Color alarm() { return Color::parse("#ff0000"); }
    static Color ink() { return Color::parse("#00b4d8"); }    // text ink outlined
    static Color ghost() { return Color::parse("#ff006e"); }  // text at a drifted position
};

double to_pt(Length length);
void fill_rect(cairo_t* cr, const Rect& rect, const Color& color, double alpha);
void stroke_rect(cairo_t* cr, const Rect& rect, const Color& color, double alpha, double width_pt,
                 bool dashed);
// A vertical line from top to bottom at x.
void vertical_line(cairo_t* cr, Length x, Length top, Length bottom, const Color& color,
                   double width_pt, bool dashed);

// A one-line label whose left end of the baseline is at (x, y); rotated by `rotation`
// radians. Returns its width in points.
double label(cairo_t* cr, const std::string& text, const TextStyle& style, double x_pt, double y_pt,
             double rotation = 0);
// A label centred on (x, y).
void centred_label(cairo_t* cr, const std::string& text, const TextStyle& style, double x_pt,
                   double y_pt, double rotation = 0);

// Every fold of the layout (solid) or, mapped into it, of another printer's (dashed), with its
// band of fold variance, drawn over the given height.
void draw_fold(cairo_t* cr, Length x, Length variance, Length height, const Color& color,
               bool dashed);

}  // namespace podcover::render
