// What adapt measures on the source's spine before it moves it: where its text prints (to
// keep the target printer's clearance from the folds), and whether the strips at the spine's
// edges hold detail (that stretching would distort, or cutting would lose).
//
// Pure: words (as the checker reads them) and rasters in, rectangles out. Coordinates are the
// input's: page inches for words, raster inches (from the raster's top-left) for pixels.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "podcover/check/cover_pdf.hpp"
#include "podcover/check/raster.hpp"

namespace podcover::adapt {

// A line of text on the spine, or lettering seen only in the pixels (a flattened cover, or
// text converted to outlines).
struct SpineLettering {
    std::string text;  // empty for lettering seen in the pixels
    bool from_pixels = false;
    bool by_font_box = false;  // its glyphs' outlines are unknown: the font's box stands in
    Rect ink;
};

// The lines of text (joined as the checker joins them, never across `cuts`) whose ink lies
// mostly inside `spine`; invisible text left out.
std::vector<SpineLettering> spine_text_lines(const std::vector<check::Word>& words,
                                             const Rect& spine, const std::vector<Length>& cuts);

// Lettering in an area of a raster: when at least 1% of its pixels are busy (local contrast
// above check::default_contrast_threshold, as the checker's spine check counts lettering),
// the bounds of the columns and rows that hold at least a fifth as many busy pixels as the
// busiest (lettering, not the odd edge of art crossing the spine). None otherwise.
std::optional<Rect> lettering_in_pixels(const check::Raster& raster, const Rect& area);

// Detail across a strip: the rows whose colour changes across the strip by more than the
// threshold in some channel (JPEG noise of up to +/-24 stays under it), joined into runs
// (gaps of up to two rows), each at least `min_run` high. A solid or vertically shaded strip
// has none; a horizontal rule crossing it is one row and no run; a letter's stem or a vertical
// line is a run. Returns the runs' top and bottom as rectangles across the strip.
std::vector<Rect> detail_across(const check::Raster& raster, const Rect& strip, Length min_run,
                                int threshold = check::default_contrast_threshold);

}  // namespace podcover::adapt
