// Text: shaped with HarfBuzz (kerning, ligatures, any script), ordered with FriBidi (right-to-
// left and mixed directions), broken into lines at UAX #14 opportunities (libunibreak), and
// drawn with Cairo as glyphs carrying their text, so that PDFs keep searchable, extractable
// text. Characters the style's font lacks are shown in a fallback font (fallback_font()).
// Lengths here are in PostScript points, the unit Cairo draws in.
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

// Where glyphs print, in points: left and right along the baseline from an origin on it, top
// and bottom as distances above and below the baseline (positive when above and below).
struct InkBox {
    double left_pt = 0;
    double right_pt = 0;
    double top_pt = 0;
    double bottom_pt = 0;
    bool empty = true;  // nothing prints: no glyphs, or only spaces

    double width_pt() const { return empty ? 0 : right_pt - left_pt; }
    double centre_pt() const { return empty ? 0 : (left_pt + right_pt) / 2; }
    // This box and `other` moved by dx along the baseline and dy down, together.
    void add(const InkBox& other, double dx = 0, double dy = 0);
};

// Which characters of a text the style's font has no glyph for, and what shows them.
struct FontCoverage {
    struct Fallback {
        std::shared_ptr<const Font> font;
        std::u32string characters;  // each once, in the order of the text
    };
    std::vector<Fallback> fallbacks;  // shown in another installed font (fallback_font())
    // No installed font has these: they would print as the font's .notdef box, which a cover
    // refuses to print.
    std::u32string missing;

    void add_fallback(const std::shared_ptr<const Font>& font, char32_t character);
    void add_missing(char32_t character);
    void add(const FontCoverage& other);
};

// Characters as UTF-8; and for messages, as code points with the characters that print:
// "U+05D0 (א), U+E000".
std::string to_utf8(std::u32string_view characters);
std::string code_points(std::u32string_view characters);

// A paragraph's reading direction: as given, or its first strong character's (Unicode's rules
// P2 and P3: left to right without one).
enum class Direction { automatic, left_to_right, right_to_left };

// Glyphs of one direction, script and font, with the text they show.
struct GlyphRun {
    std::shared_ptr<const Font> font;  // the style's, or a fallback for characters it lacks
    std::string utf8;
    std::vector<cairo_glyph_t> glyphs;  // x from the line's origin, y 0 on the baseline
    std::vector<cairo_text_cluster_t> clusters;
    // Right to left: the glyphs, in visual order, show the text from its end, so Cairo's
    // clusters (in text order) take their glyphs from the end of the array.
    bool backward = false;
    std::vector<bool> is_space;  // per glyph: shows a space (stretched when justifying)
    std::vector<InkBox> ink;     // per glyph: its outline's box, from the glyph's own origin
};

// One shaped line, its origin the left end of its baseline. Extents are positive distances
// from the baseline.
struct TextLine {
    std::string text;
    std::vector<GlyphRun> runs;  // in visual order, left to right
    double width_pt = 0;         // the advance: from the origin to where a next glyph would go
    double ascent_pt = 0;        // the font's ascender
    double descent_pt = 0;       // the font's descender
    double top_pt = 0;           // the font's bounding box: its glyphs reach no higher
    double bottom_pt = 0;        // ... or lower (marks positioned by the font may pass it)
    // The ink: the union of the positioned glyphs' boxes, from the origin. Its left end may
    // lie left of the origin (a glyph with a negative left side bearing, as EB Garamond's j)
    // and its right end past the advance (a last glyph that overhangs it). Text is placed by
    // its ink, which is what prints: the outline boxes come from HarfBuzz's glyph extents
    // (the outline's control box, which holds the outline).
    InkBox ink;
    bool right_to_left = false;  // its paragraph's direction
    FontCoverage coverage;
};

// Shapes one line of text (no line breaks) in the style, ordered for display in a paragraph of
// the direction given. A character the style's font has no glyph for (nor for its canonical
// decomposition) is shown in fallback_font(); a combining mark stays with its base's font,
// and spaces, joiners and direction marks with their neighbours'.
TextLine shape_line(std::string_view utf8, const TextStyle& style,
                    Direction direction = Direction::automatic);

// Shapes the line, shrinking the style's size until its ink is no wider than max_width_pt.
TextLine shape_within(std::string_view utf8, TextStyle& style, double max_width_pt);

// Draws the line with its origin at x and its baseline at y (Cairo's current transform
// applies, so rotated spine text is drawn the same way).
void draw_line(cairo_t* cr, const TextLine& line, const TextStyle& style, double x,
               double baseline);

// `start`: left in a left-to-right paragraph, right in a right-to-left one.
enum class Align { left, center, right, justify, start };

struct TextBlock {
    struct Line {
        TextLine text;
        double x = 0;         // the line's origin, from the block's left edge
        double baseline = 0;  // from the block's top
        double stretch = 0;   // extra width given to each space when justified
    };
    std::vector<Line> lines;
    double width_pt = 0;
    // From the top to the last line's descender, or to its ink where that reaches lower.
    double height_pt = 0;
    bool overflow = false;  // a word wider than the block, or lines past max_height
    FontCoverage coverage;  // of the lines laid out
};

// Lays out text in lines whose ink fits width_pt: paragraphs are separated by blank lines, a
// single newline is a forced break, and lines break only where Unicode allows (UAX #14).
// Lines are aligned by their ink, so that it stays inside the block: a left-aligned line's
// ink starts at the left edge, a right-aligned one's ends at the right edge, a centred one's
// is centred, and a justified line's spaces stretch until its ink spans the width (a
// paragraph's last line is set flush to its start: the right in a right-to-left paragraph,
// whose direction is its first strong character's). The first baseline lies the font's
// ascender below the top, or lower if the line's ink reaches higher. Lines that would pass
// max_height_pt are left out and overflow is set.
TextBlock lay_out_text(std::string_view utf8, const TextStyle& style, double width_pt,
                       double max_height_pt, Align align, double line_spacing = 1.25);

void draw_block(cairo_t* cr, const TextBlock& block, const TextStyle& style, double x, double top);

}  // namespace podcover::render
