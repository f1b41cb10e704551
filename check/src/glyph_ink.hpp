// Where text's ink lies: the outline of every glyph on a page, as Poppler's Splash renderer
// would draw it, measured without drawing. Poppler's word boxes span the font's declared
// ascent and descent, which can lie far from the glyphs (a TrueType font with a tall ascent,
// the Type 1 fonts LaTeX embeds): the outlines say where the text prints. Internal to the
// checker; coordinates are the page as displayed (its /Rotate applied), inches from its
// top-left corner, y down, like cover_pdf.hpp's.
#pragma once

#include <optional>
#include <vector>

#include "podcover/check/cover_pdf.hpp"
#include "podcover/rect.hpp"

class PDFDoc;

namespace podcover::check {

struct GlyphInk {
    // Where its character code comes in the page's text, in drawing order: the offset of its
    // first byte, as Poppler's text extraction counts (Word::char_pos), and its bytes.
    int char_pos = 0;
    int char_bytes = 0;
    // The glyph's origin on its baseline, and its advance (to the next glyph's origin).
    Length origin_x;
    Length origin_y;
    Length advance_x;
    Length advance_y;
    double font_size_pt = 0;  // as drawn (the text matrix and the page's transform applied)
    int rotation = 0;         // quarter turns, as Word's: 1 runs top to bottom, 3 bottom to top
    // Whether the outline is known: not for Type 3 fonts (their glyphs are drawings, not
    // outlines) nor for fonts Poppler cannot load.
    bool outline_known = false;
    // The bounds of the outline (the curves themselves, not their control points), widened by
    // half the line width for stroked text. None when the glyph prints nothing (a space,
    // invisible text, a colour space that marks nothing) or its outline is unknown.
    std::optional<Rect> ink;
};

struct PageGlyphs {
    std::vector<GlyphInk> glyphs;
    // More glyphs than the pass keeps (max_glyphs); `glyphs` is then empty.
    bool truncated = false;
    // Every character position the page's text counts, in bytes of character codes (drawn, on
    // a hidden layer, spaces): where the last character ends.
    int char_count = 0;
    static constexpr std::size_t max_glyphs = 1'000'000;
};

// Every glyph drawn on page `page_number` (1-based), in drawing order. Stops early when the
// deadline passes (the caller checks it). Costs about what extracting the page's text does:
// images, shadings and patterns are skipped, nothing is rasterised.
PageGlyphs measure_glyph_ink(PDFDoc& doc, int page_number, const Deadline& deadline);

// Sets each word's ink from its glyphs (see Word::ink): those whose character positions fall
// in the word's (Word::char_pos), or, when a word's positions are not known, those inside its
// box. Returns false when the
// deadline passed first (words then keep no ink).
bool attach_ink(std::vector<Word>& words, const PageGlyphs& page, const Deadline& deadline);

}  // namespace podcover::check
