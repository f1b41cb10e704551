// Lines of text as a reader sees them, from the words Poppler finds: what the text checks
// measure. Coordinates as in cover_pdf.hpp (inches from the displayed page's top-left, y down).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "podcover/check/cover_pdf.hpp"

namespace podcover::check {

// Words on one baseline, in one direction, close together.
struct TextRun {
    std::string text;
    Rect box;                 // the union of its words' font boxes
    std::optional<Rect> ink;  // its words' ink together (combined_ink)
    int rotation = 0;
    double font_size_pt = 0;  // the largest of its words'
};

// Joins words into runs: same direction, baselines within 0.3 of the smaller font size, and a
// gap along the line of at most one em of the smaller font (a few word spaces: a line of back
// copy and a front title on the same baseline stay apart). A horizontal run never crosses one
// of `cuts` (vertical lines at these x, as folds and panel edges are): words on either side of
// a fold belong to different panels. Words that print nothing (Word::invisible: invisible
// text, text clipped away) join only each other, and their runs come after the others.
std::vector<TextRun> join_words(const std::vector<Word>& words, const std::vector<Length>& cuts = {});

}  // namespace podcover::check
