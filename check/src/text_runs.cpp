#include "podcover/check/text_runs.hpp"

#include <algorithm>
#include <numeric>

#include "wording.hpp"

namespace podcover::check {
namespace {

bool horizontal(int rotation) {
    return rotation % 2 == 0;
}

// Where a box starts and ends in reading order, in points: rotations 2 and 3 read right to
// left and bottom to top on the page, so their positions count backwards.
double reading_start(const Rect& box, int rotation) {
    switch (rotation) {
        case 1:
            return box.top().pt();
        case 2:
            return -box.right().pt();
        case 3:
            return -box.bottom().pt();
        default:
            return box.left().pt();
    }
}
double reading_end(const Rect& box, int rotation) {
    switch (rotation) {
        case 1:
            return box.bottom().pt();
        case 2:
            return -box.left().pt();
        case 3:
            return -box.top().pt();
        default:
            return box.right().pt();
    }
}

}  // namespace

namespace {

std::vector<TextRun> join(const std::vector<Word>& words, const std::vector<Length>& cuts) {
    // Words in lines (one direction, baselines within half a point of the line's previous
    // word), then along each line in reading order: a strict order, as sorting needs.
    std::vector<std::size_t> order(words.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (words[a].rotation != words[b].rotation)
            return words[a].rotation < words[b].rotation;
        return words[a].baseline < words[b].baseline;
    });
    std::vector<std::size_t> line_of(words.size(), 0);
    for (std::size_t k = 1; k < order.size(); ++k) {
        const Word& here = words[order[k]];
        const Word& before = words[order[k - 1]];
        const bool same = here.rotation == before.rotation &&
                          here.baseline - before.baseline <=
                              Length::from_units(Length::units_per_pt / 2);
        line_of[order[k]] = line_of[order[k - 1]] + (same ? 0 : 1);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (line_of[a] != line_of[b])
            return line_of[a] < line_of[b];
        return reading_start(words[a].box, words[a].rotation) <
               reading_start(words[b].box, words[b].rotation);
    });
    std::vector<TextRun> runs;
    const Word* previous = nullptr;
    double run_font_min = 0;
    for (std::size_t i : order) {
        const Word& w = words[i];
        if (previous && previous->rotation == w.rotation) {
            TextRun& run = runs.back();
            const double smaller = std::min(run_font_min, w.font_size_pt);
            const double gap =
                reading_start(w.box, w.rotation) - reading_end(run.box, w.rotation);
            const bool same_line =
                abs(previous->baseline - w.baseline).pt() <= 0.3 * smaller && gap <= smaller;
            // A fold or panel edge between the run's end and this word ends the run.
            const Length gap_left = min(run.box.right(), w.box.right());
            const Length gap_right = max(run.box.left(), w.box.left());
            const bool cut = horizontal(w.rotation) &&
                             std::any_of(cuts.begin(), cuts.end(), [&](Length x) {
                                 return x >= gap_left && x <= gap_right;
                             });
            if (same_line && !cut) {
                run.text += " " + w.text;
                run.box = united(run.box, w.box);
                run.ink = combined_ink(run.ink, w.ink);
                run.font_size_pt = std::max(run.font_size_pt, w.font_size_pt);
                run_font_min = smaller;
                previous = &w;
                continue;
            }
        }
        runs.push_back(TextRun{w.text, w.box, w.ink, w.rotation, w.font_size_pt});
        run_font_min = w.font_size_pt;
        previous = &w;
    }
    return runs;
}

}  // namespace

std::vector<TextRun> join_words(const std::vector<Word>& words, const std::vector<Length>& cuts) {
    // Words that print nothing (invisible text, or text clipped away where a page is placed
    // several times, each placement clipped) join only each other: a line that prints reads
    // as it prints.
    std::vector<Word> printing, not_printing;
    for (const Word& w : words)
        (w.invisible() ? not_printing : printing).push_back(w);
    std::vector<TextRun> runs = join(printing, cuts);
    std::vector<TextRun> silent = join(not_printing, cuts);
    runs.insert(runs.end(), std::make_move_iterator(silent.begin()),
                std::make_move_iterator(silent.end()));
    return runs;
}

}  // namespace podcover::check
