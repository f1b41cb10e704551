// Words joined into lines of text, as the text checks measure them.
#include "podcover/check/text_runs.hpp"
#include "support.hpp"

using namespace podcover;
using namespace podcover::check;
using namespace podcover::literals;

namespace {

// A horizontal word from its left edge and width, on a baseline, in inches.
Word word(const std::string& text, double left_in, double width_in, double baseline_in,
          double size_pt) {
    const auto at = [](double inches) {
        return Length::from_units(static_cast<Length::rep>(inches * Length::units_per_in));
    };
    const double ascent_in = size_pt * 0.9 / 72, descent_in = size_pt * 0.25 / 72;
    Word w;
    w.text = text;
    w.box = Rect::from_edges(at(left_in), at(baseline_in - ascent_in), at(left_in + width_in),
                             at(baseline_in + descent_in));
    w.ink = w.box.inset(0.005_in);
    w.font_size_pt = size_pt;
    w.baseline = at(baseline_in);
    return w;
}

}  // namespace

TEST_CASE("words on one line join; a fold, a wide gap or another line ends a run",
          "[check][text]") {
    // Back copy ending near the spine and a front title on the same baseline: the spine
    // (6.125 to 6.8006 in on a 300-page KDP cover) lies between them.
    const std::vector<Word> words = {
        word("the", 4.0, 0.2, 5.0, 10), word("salt", 4.25, 0.25, 5.0, 10),
        word("road.", 4.55, 0.3, 5.0, 10),  // 0.05 in gaps: word spaces of 10 pt text
        word("SALT", 5.6, 1.2, 5.0, 48),    // 0.75 in on: less than one em of 48 pt
        word("next", 4.0, 0.3, 5.2, 10),    // the next line of copy
    };
    const auto joined = join_words(words);
    // Without folds, the title is more than one em of the copy's 10 pt from it: not joined.
    REQUIRE(joined.size() == 3);
    CHECK(joined[0].text == "the salt road.");
    CHECK(joined[1].text == "SALT");
    CHECK(joined[2].text == "next");
    REQUIRE(joined[0].ink.has_value());
    CHECK(joined[0].ink->left() == words[0].ink->left());
    CHECK(joined[0].ink->right() == words[2].ink->right());

    // Two 10 pt words 0.1 in apart join, unless a fold lies between them.
    const std::vector<Word> close = {word("left", 6.0, 0.1, 2.0, 10),
                                     word("right", 6.2, 0.2, 2.0, 10)};
    CHECK(join_words(close).size() == 1);
    CHECK(join_words(close, {6.125_in}).size() == 2);
    CHECK(join_words(close, {7.0_in}).size() == 1);

    // A word whose ink is unknown leaves the run's ink unknown (the font box is the fallback).
    std::vector<Word> unknown = close;
    unknown[1].ink.reset();
    const auto runs = join_words(unknown);
    REQUIRE(runs.size() == 1);
    CHECK_FALSE(runs[0].ink.has_value());
}

TEST_CASE("spine text read bottom to top joins in reading order", "[check][text]") {
    // Rotation 3 (bottom to top): the first word is the lower one.
    Word lower, upper;
    lower.text = "SALT";
    lower.rotation = upper.rotation = 3;
    lower.font_size_pt = upper.font_size_pt = 14;
    lower.baseline = upper.baseline = 6.5_in;
    lower.box = Rect::from_edges(6.3_in, 5.0_in, 6.5_in, 6.0_in);
    upper.text = "ROAD";
    upper.box = Rect::from_edges(6.3_in, 3.9_in, 6.5_in, 4.9_in);
    const auto runs = join_words({upper, lower});
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].text == "SALT ROAD");
    CHECK(runs[0].box == Rect::from_edges(6.3_in, 3.9_in, 6.5_in, 6.0_in));
}
