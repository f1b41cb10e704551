// Text shaping, direction, line breaking and font lookup.
#include <catch2/catch.hpp>

#include "podcover/errors.hpp"
#include "podcover/render/fonts.hpp"
#include "podcover/render/text.hpp"

using namespace podcover;
using namespace podcover::render;
using Catch::Contains;

namespace {

FontLibrary& fonts() {
    static FontLibrary library;
    return library;
}

TextStyle style(const std::string& font, double size = 20) {
    TextStyle s;
    s.font = fonts().resolve(font, ".");
    s.size_pt = size;
    return s;
}

std::size_t glyph_count(const TextLine& line) {
    std::size_t count = 0;
    for (const auto& run : line.runs)
        count += run.glyphs.size();
    return count;
}

}  // namespace

TEST_CASE("the default fonts are the checksummed ones of fonts/", "[text][fonts]") {
    REQUIRE(default_fonts().size() == 6);
    for (const auto& font : default_fonts()) {
        INFO(font.name);
        CHECK(font.sha256.size() == 64);
        const auto opened = fonts().default_font(font.name);
        CHECK(opened->path() == font.path);
    }
    CHECK(fonts().default_font("serif")->family() == "EB Garamond");
    CHECK(fonts().default_font("sans-bold")->family() == "Lato");
    CHECK_THROWS_AS(fonts().default_font("fancy"), std::out_of_range);
}

TEST_CASE("fonts are found by name, file or installed family", "[text][fonts]") {
    CHECK(fonts().resolve("serif-italic", ".")->style() == "12 Italic");
    const std::string path = fonts().default_font("sans")->path();
    CHECK(fonts().resolve(path, "/elsewhere")->path() == path);
    CHECK(fonts().resolve("DejaVu Sans", ".")->family() == "DejaVu Sans");
    CHECK_THROWS_WITH(
        fonts().resolve("No Such Family 1234", "."),
        Contains("font 'No Such Family 1234' is not installed (fontconfig would substitute") &&
            Contains("use a default font"));
    CHECK_THROWS_WITH(fonts().resolve("fonts/Missing.otf", "/tmp"),
                      Contains("font file /tmp/fonts/Missing.otf not found"));
    CHECK_THROWS_WITH(fonts().resolve("seriff", "."), Contains("(did you mean serif?)"));
}

TEST_CASE("HarfBuzz kerns and substitutes glyphs in context", "[text]") {
    const TextStyle garamond = style("serif");
    const double pair = shape_line("AV", garamond).width_pt;
    const double apart = shape_line("A", garamond).width_pt + shape_line("V", garamond).width_pt;
    CHECK(pair < apart - 0.5);  // EB Garamond kerns A and V
    // EB Garamond sets "fi" with an f made for it (f._i) and a dotless i: the glyphs differ
    // from those of "fo" and a lone "i".
    const TextLine fi = shape_line("fi", garamond);
    const TextLine fo = shape_line("fo", garamond);
    const TextLine i = shape_line("i", garamond);
    REQUIRE(glyph_count(fi) == 2);
    CHECK(fi.runs[0].glyphs[0].index != fo.runs[0].glyphs[0].index);
    CHECK(fi.runs[0].glyphs[1].index != i.runs[0].glyphs[0].index);
    const TextLine line = shape_line("office", garamond);
    REQUIRE(line.runs.size() == 1);
    CHECK(line.runs[0].utf8 == "office");
    // Clusters cover every byte and every glyph: the PDF keeps the text.
    int bytes = 0, glyphs = 0;
    for (const auto& cluster : line.runs[0].clusters) {
        bytes += cluster.num_bytes;
        glyphs += cluster.num_glyphs;
    }
    CHECK(bytes == 6);
    CHECK(glyphs == static_cast<int>(line.runs[0].glyphs.size()));
}

TEST_CASE("right-to-left and mixed text are ordered for display", "[text][bidi]") {
    const TextStyle dejavu = style("DejaVu Sans");
    const TextLine hebrew = shape_line("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", dejavu);  // shalom
    REQUIRE(hebrew.runs.size() == 1);
    CHECK(hebrew.runs[0].backward);
    CHECK(hebrew.missing_glyphs == 0);
    // Visual order: glyph x positions rise left to right.
    for (std::size_t i = 1; i < hebrew.runs[0].glyphs.size(); ++i) {
        CHECK(hebrew.runs[0].glyphs[i].x > hebrew.runs[0].glyphs[i - 1].x);
    }
    // "abc <hebrew> def": three runs, the Hebrew one right to left, in visual order.
    const TextLine mixed = shape_line("abc \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D def", dejavu);
    REQUIRE(mixed.runs.size() == 3);
    CHECK_FALSE(mixed.runs[0].backward);
    CHECK(mixed.runs[1].backward);
    CHECK(mixed.runs[2].utf8.find("def") != std::string::npos);
    CHECK(mixed.runs[2].glyphs.front().x > mixed.runs[1].glyphs.back().x);
    // A right-to-left paragraph puts its Latin words after (to the left of) the Hebrew.
    const TextLine rtl = shape_line("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D abc", dejavu);
    REQUIRE(rtl.runs.size() >= 2);
    CHECK(rtl.runs.front().utf8.find("abc") != std::string::npos);
    // Arabic joins: the shaped word has contextual forms, fewer or equal glyphs than letters.
    const TextLine arabic = shape_line("\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85", dejavu);  // salaam
    CHECK(arabic.runs.at(0).backward);
    CHECK(arabic.missing_glyphs == 0);
    CHECK(glyph_count(arabic) <= 4);
}

TEST_CASE("a font's missing glyphs are counted", "[text]") {
    CHECK(shape_line("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", style("serif")).missing_glyphs ==
          4);  // no Hebrew in EB Garamond
    CHECK(shape_line("Salt Road", style("serif")).missing_glyphs == 0);
}

TEST_CASE("paragraphs break at allowed places and justify", "[text][paragraph]") {
    const TextStyle body = style("serif", 11);
    const std::string copy =
        "When the salt caravans stop coming, Mara walks the old road alone: past the dry wells and "
        "the stone markers.\n\nA second paragraph, short.";
    const double width = 200;
    const TextBlock justified = lay_out_text(copy, body, width, 1000, Align::justify);
    REQUIRE(justified.lines.size() >= 4);
    CHECK_FALSE(justified.overflow);
    std::string rebuilt;
    for (std::size_t i = 0; i < justified.lines.size(); ++i) {
        const auto& line = justified.lines[i];
        CHECK(line.text.width_pt <= width + 0.01);
        rebuilt += line.text.text + " ";
    }
    // Full lines stretch to the measure; a paragraph's last line does not.
    CHECK(justified.lines[0].text.width_pt == Approx(width).margin(0.01));
    CHECK(justified.lines[0].stretch > 0);
    CHECK(justified.lines.back().text.text == "A second paragraph, short.");
    CHECK(justified.lines.back().stretch == 0);
    CHECK_THAT(rebuilt, Contains("stone markers."));
    // Baselines step by the leading, with half a line more between paragraphs.
    CHECK(justified.lines[1].baseline - justified.lines[0].baseline == Approx(11 * 1.25));

    const TextBlock ragged = lay_out_text(copy, body, width, 1000, Align::left);
    CHECK(ragged.lines[0].text.width_pt < width);
    CHECK(ragged.lines[0].stretch == 0);

    const TextBlock centred = lay_out_text("A short line", body, width, 1000, Align::center);
    CHECK(centred.lines[0].x == Approx((width - centred.lines[0].text.width_pt) / 2));

    // Room for one line (11 pt type) but not two (a further 13.75 pt of leading).
    const TextBlock cut = lay_out_text(copy, body, width, 20, Align::left);
    CHECK(cut.overflow);
    CHECK(cut.lines.size() == 1);
    CHECK(cut.height_pt <= 20);

    CHECK(lay_out_text("Supercalifragilisticexpialidocious", body, 50, 1000, Align::left).overflow);
}

TEST_CASE("colours parse and refuse", "[text]") {
    CHECK(Color::parse("#ff8000") == Color{1.0, 128 / 255.0, 0});
    CHECK(Color::parse("#fff") == Color::white());
    CHECK_THROWS_WITH(Color::parse("red"), Contains("'red' is not a colour: write #rrggbb"));
    CHECK_THROWS_AS(Color::parse("#12345g"), ValueError);
}
