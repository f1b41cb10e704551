// Text: shaped with HarfBuzz (kerning, ligatures, any script), ordered with FriBidi (right-to-
// left and mixed directions), broken into lines at UAX #14 opportunities (libunibreak), and
// drawn with Cairo as glyphs carrying their text, so that PDFs keep searchable, extractable
// text. Lengths here are in PostScript points, the unit Cairo draws in.
#pragma once

#include <cairo.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "podcover/render/fonts.hpp"

namespace podcover::render {

struct Color {
    double red = 0;
    double green = 0;
    double blue = 0;

    // "#rrggbb" or "#rgb". Throws ValueError.
    static Color parse(std::string_view text);
    static Color black() { return {0, 0, 0}; }
    static Color white() { return {1, 1, 1}; }
    // Perceived lightness 0..1, to choose a legible text colour on a background.
    double luminance() const { return 0.2126 * red + 0.7152 * green + 0.0722 * blue; }
    friend bool operator==(const Color&, const Color&) = default;
};

void set_color(cairo_t* cr, const Color& color);

struct TextStyle {
    std::shared_ptr<const Font> font;
    double size_pt = 11;
    Color color = Color::black();
    double tracking_em = 0;  // extra space after every glyph, in em (letter-spacing of capitals)
};

// Glyphs of one direction and script, with the text they show.
struct GlyphRun {
    std::string utf8;
    std::vector<cairo_glyph_t> glyphs;  // x from the line's left edge, y 0 on the baseline
    std::vector<cairo_text_cluster_t> clusters;
    bool backward = false;       // right to left: clusters run backwards through the text
    std::vector<bool> is_space;  // per glyph: shows a space (stretched when justifying)
};

// One shaped line. Extents are positive distances from the baseline.
struct TextLine {
    std::string text;
    std::vector<GlyphRun> runs;  // in visual order, left to right
    double width_pt = 0;
    double ascent_pt = 0;    // the font's ascender
    double descent_pt = 0;   // the font's descender
    double top_pt = 0;       // the font's bounding box: no glyph reaches higher
    double bottom_pt = 0;    // ... or lower
    int missing_glyphs = 0;  // characters the font has no glyph for
};

// Shapes one line of text (no line breaks) in the style.
TextLine shape_line(std::string_view utf8, const TextStyle& style);

// Draws the line with its left edge at x and its baseline at y (Cairo's current transform
// applies, so rotated spine text is drawn the same way).
void draw_line(cairo_t* cr, const TextLine& line, const TextStyle& style, double x,
               double baseline);

enum class Align { left, center, right, justify };

struct TextBlock {
    struct Line {
        TextLine text;
        double x = 0;         // left edge, from the block's left edge
        double baseline = 0;  // from the block's top
        double stretch = 0;   // extra width given to each space when justified
    };
    std::vector<Line> lines;
    double width_pt = 0;
    double height_pt = 0;   // from the top to the last line's descender
    bool overflow = false;  // a word wider than the block, or lines past max_height
    int missing_glyphs = 0;
};

// Lays out text in lines no wider than width_pt: paragraphs are separated by blank lines, a
// single newline is a forced break, and lines break only where Unicode allows (UAX #14).
// Justified lines stretch their spaces; a paragraph's last line is set flush to the start.
// Lines that would pass max_height_pt are left out and overflow is set.
TextBlock lay_out_text(std::string_view utf8, const TextStyle& style, double width_pt,
                       double max_height_pt, Align align, double line_spacing = 1.25);

void draw_block(cairo_t* cr, const TextBlock& block, const TextStyle& style, double x, double top);

}  // namespace podcover::render
