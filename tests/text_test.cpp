// Text shaping, direction, line breaking and font lookup.
#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H

#include <cairo-pdf.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <mutex>
#include <optional>
#include <thread>

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

// The line's glyphs as Cairo draws them (each run's face at the style's size, unhinted, as
// draw_line sets them): cairo_glyph_extents, from the line's origin, as an InkBox.
InkBox cairo_ink(const TextLine& line, const TextStyle& style) {
    const CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1));
    const Cairo cr(cairo_create(surface.get()));
    InkBox ink;
    for (const GlyphRun& run : line.runs) {
        cairo_set_font_face(cr.get(), run.font->cairo_face());
        cairo_set_font_size(cr.get(), style.size_pt);
        cairo_font_options_t* options = cairo_font_options_create();
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
        cairo_set_font_options(cr.get(), options);
        cairo_font_options_destroy(options);
        cairo_text_extents_t extents{};
        cairo_glyph_extents(cr.get(), run.glyphs.data(), static_cast<int>(run.glyphs.size()),
                            &extents);
        REQUIRE(cairo_status(cr.get()) == CAIRO_STATUS_SUCCESS);
        if (extents.width == 0 && extents.height == 0)
            continue;  // spaces
        // Cairo's extents are from the first glyph's position, y down.
        const double left = run.glyphs.front().x + extents.x_bearing;
        const double top = run.glyphs.front().y + extents.y_bearing;
        ink.add(InkBox{left, left + extents.width, -top, top + extents.height, false});
    }
    return ink;
}

// The same glyphs' outlines from each run's font file by FreeType, in font units (unscaled,
// so not rounded to 1/64 of a pixel), each at its glyph's position: the outline's control
// box, which is what a font's glyph extents give.
InkBox freetype_ink(const TextLine& line, const TextStyle& style) {
    FT_Library library = nullptr;
    REQUIRE(FT_Init_FreeType(&library) == 0);
    const std::unique_ptr<FT_LibraryRec_, FT_Error (*)(FT_Library)> owned(library,
                                                                          FT_Done_FreeType);
    InkBox ink;
    for (const GlyphRun& run : line.runs) {
        FT_Face raw = nullptr;
        REQUIRE(FT_New_Face(library, run.font->path().c_str(),
                            static_cast<FT_Long>(run.font->face_index()), &raw) == 0);
        const FtFace face(raw);
        const double pt_per_unit = style.size_pt / face->units_per_EM;
        for (const cairo_glyph_t& glyph : run.glyphs) {
            REQUIRE(FT_Load_Glyph(face.get(), static_cast<FT_UInt>(glyph.index),
                                  FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) == 0);
            FT_BBox box;
            FT_Outline_Get_CBox(&face->glyph->outline, &box);
            if (box.xMin == box.xMax && box.yMin == box.yMax)
                continue;  // a space
            ink.add(InkBox{static_cast<double>(box.xMin) * pt_per_unit,
                           static_cast<double>(box.xMax) * pt_per_unit,
                           static_cast<double>(box.yMax) * pt_per_unit,
                           -static_cast<double>(box.yMin) * pt_per_unit, false},
                    glyph.x, glyph.y);
        }
    }
    return ink;
}

// UTF-8 to code points (the tests' texts are well formed).
std::u32string code_points_of(const std::string& utf8) {
    std::u32string out;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        char32_t value = length == 1   ? lead
                         : length == 2 ? (lead & 0x1F)
                         : length == 3 ? (lead & 0x0F)
                                       : (lead & 0x07);
        for (std::size_t k = 1; k < length; ++k)
            value = (value << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        out += value;
        i += length;
    }
    return out;
}

// Cairo's rule for a run's clusters, which it checks before drawing (and refuses with "input
// clusters do not represent the accompanying text and glyph arrays"): in text order, each
// takes the next bytes of the text, whole characters, and the next glyphs, from the end of
// the array for a backward run; together they take every byte and every glyph. Returns the
// glyphs of each character's cluster, so that a caller can see which glyphs show what.
std::vector<std::pair<std::string, std::vector<cairo_glyph_t>>> clusters_of(const GlyphRun& run) {
    std::vector<std::pair<std::string, std::vector<cairo_glyph_t>>> out;
    std::size_t byte = 0, glyph = 0;
    for (const auto& cluster : run.clusters) {
        REQUIRE(cluster.num_bytes >= 0);
        REQUIRE(cluster.num_glyphs >= 0);
        REQUIRE(cluster.num_bytes + cluster.num_glyphs > 0);
        const auto bytes = static_cast<std::size_t>(cluster.num_bytes);
        const auto glyphs = static_cast<std::size_t>(cluster.num_glyphs);
        REQUIRE(byte + bytes <= run.utf8.size());
        REQUIRE(glyph + glyphs <= run.glyphs.size());
        const std::string text = run.utf8.substr(byte, bytes);
        // Whole characters: no continuation byte starts the cluster or follows it.
        if (!text.empty())
            CHECK((static_cast<unsigned char>(text.front()) & 0xC0) != 0x80);
        if (byte + bytes < run.utf8.size())
            CHECK((static_cast<unsigned char>(run.utf8[byte + bytes]) & 0xC0) != 0x80);
        std::vector<cairo_glyph_t> shown;
        for (std::size_t k = 0; k < glyphs; ++k) {
            const std::size_t index =
                run.backward ? run.glyphs.size() - 1 - (glyph + k) : glyph + k;
            shown.push_back(run.glyphs[index]);
        }
        out.emplace_back(text, shown);
        byte += bytes;
        glyph += glyphs;
    }
    CHECK(byte == run.utf8.size());
    CHECK(glyph == run.glyphs.size());
    return out;
}

// The line drawn into a one-page PDF, as a cover draws it; Cairo's status after drawing.
cairo_status_t draw_into_pdf(const TextLine& line, const TextStyle& style, std::string& pdf) {
    const CairoSurface surface(cairo_pdf_surface_create_for_stream(
        [](void* closure, const unsigned char* data, unsigned length) {
            static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
            return CAIRO_STATUS_SUCCESS;
        },
        &pdf, std::max(100.0, line.width_pt + 40), 100));
    cairo_status_t status = CAIRO_STATUS_SUCCESS;
    {
        const Cairo cr(cairo_create(surface.get()));
        try {
            draw_line(cr.get(), line, style, 20, 60);
        } catch (const std::exception&) {
        }
        status = cairo_status(cr.get());
    }
    cairo_surface_finish(surface.get());
    return status;
}

// The text Poppler reads from a PDF's first page, without spaces and the direction marks it
// adds around runs of the other direction: the characters in reading order.
std::string text_read_back(const std::string& pdf) {
    const std::unique_ptr<poppler::document> document(
        poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
    REQUIRE(document != nullptr);
    const std::unique_ptr<poppler::page> page(document->create_page(0));
    REQUIRE(page != nullptr);
    const poppler::byte_array bytes = page->text().to_utf8();
    std::u32string text = code_points_of(std::string(bytes.begin(), bytes.end()));
    std::string out;
    for (const char32_t c : text) {
        const bool mark = c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
                          (c >= 0x2066 && c <= 0x2069);
        if (!mark && c != ' ' && c != '\n' && c != '\r' && c != '\f')
            out += to_utf8(std::u32string(1, c));
    }
    return out;
}

std::string without_spaces(std::string text) {
    text.erase(std::remove(text.begin(), text.end(), ' '), text.end());
    return text;
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

TEST_CASE("fonts open and close on several threads without waiting on each other",
          "[text][fonts][threads]") {
    // A series renders volumes on several threads. Fonts were opened holding podcover's
    // FreeType lock while calling Cairo, and Cairo released a face holding its own lock while
    // waiting for podcover's: two threads deadlocked (a series test hung once in many runs).
    // Here threads open fonts, draw with them and drop them, so that Cairo's caches release
    // faces while others open; a watchdog ends the test binary if they stop.
    const std::string paths[] = {fonts().default_font("sans")->path(),
                                 fonts().default_font("serif")->path(),
                                 fonts().default_font("serif-italic")->path()};
    std::mutex mutex;
    std::condition_variable finished;
    bool done = false;
    std::thread watchdog([&] {
        std::unique_lock lock(mutex);
        if (!finished.wait_for(lock, std::chrono::seconds(60), [&] { return done; })) {
            std::fputs("fonts on several threads: no progress in 60 s (a deadlock)\n", stderr);
            std::abort();
        }
    });
    std::atomic<int> drawn = 0;
    std::vector<std::thread> workers;
    for (int t = 0; t < 4; ++t) {
        workers.emplace_back([&, t] {
            for (int i = 0; i < 150; ++i) {
                const Font font(paths[(t + i) % 3], 0);
                CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_A8, 16, 16));
                Cairo cr(cairo_create(surface.get()));
                cairo_set_font_face(cr.get(), font.cairo_face());
                cairo_set_font_size(cr.get(), 8 + (i % 7));
                cairo_move_to(cr.get(), 1, 12);
                cairo_show_text(cr.get(), "Ag");
                if (cairo_status(cr.get()) == CAIRO_STATUS_SUCCESS)
                    ++drawn;
            }
        });
    }
    for (auto& worker : workers)
        worker.join();
    {
        const std::lock_guard lock(mutex);
        done = true;
    }
    finished.notify_all();
    watchdog.join();
    CHECK(drawn == 600);
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

TEST_CASE("a shaped line's ink is where FreeType and Cairo put its glyphs' outlines",
          "[text][ink]") {
    struct Case {
        std::string font, text;
        double size_pt;
    };
    // The sample's back copy and spine author, and letters whose ink starts left of their
    // origin (EB Garamond's A and j, Lato Bold's A) or ends past their advance (R, Y, f).
    for (const Case& c :
         {Case{"serif", "When the salt", 11.5}, Case{"serif-bold", "ANN AUTHOR", 13.7},
          Case{"serif", "AWRY", 36}, Case{"sans-bold", "AWRY", 36}, Case{"serif", "jump", 20},
          Case{"serif-italic", "Wolf", 18},
          // Glyphs from fallback fonts, right to left and mixed: their ink is their own font's.
          Case{"serif-bold", "Salt \xCE\x9F \xCE\xB4\xCF\x81\xCF\x8C\xCE\xBC\xCE\xBF\xCF\x82", 30},
          Case{"serif", "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D Ann 2024", 20},
          Case{"serif-bold", "\xE5\xA1\xA9\xE3\x81\xAE\xE9\x81\x93", 24}}) {
        INFO(c.font << " '" << c.text << "' at " << c.size_pt << " pt");
        const TextStyle s = style(c.font, c.size_pt);
        const TextLine line = shape_line(c.text, s);
        const InkBox& ink = line.ink;
        REQUIRE_FALSE(ink.empty);
        const InkBox cairo = cairo_ink(line, s), freetype = freetype_ink(line, s);
        // Cairo scales the outline to 1/64 pt before bounding it; FreeType unscaled is exact.
        CHECK(ink.left_pt == Approx(cairo.left_pt).margin(0.01));
        CHECK(ink.right_pt == Approx(cairo.right_pt).margin(0.01));
        CHECK(ink.top_pt == Approx(cairo.top_pt).margin(0.01));
        CHECK(ink.bottom_pt == Approx(cairo.bottom_pt).margin(0.01));
        CHECK(ink.left_pt == Approx(freetype.left_pt).margin(1e-6));
        CHECK(ink.right_pt == Approx(freetype.right_pt).margin(1e-6));
        CHECK(ink.top_pt == Approx(freetype.top_pt).margin(1e-6));
        CHECK(ink.bottom_pt == Approx(freetype.bottom_pt).margin(1e-6));
    }
    // The cases the renderer must place by ink, not by advance (EB Garamond: 1000 units per
    // em; Lato: 2000).
    const TextLine author = shape_line("ANN AUTHOR", style("serif-bold", 10));
    CHECK(author.ink.left_pt == Approx(-0.03));                   // A: -3 units
    CHECK(author.ink.right_pt - author.width_pt == Approx(0.3));  // R's leg: 30 units past
    const TextLine awry = shape_line("AWRY", style("sans-bold", 10));
    CHECK(awry.ink.left_pt == Approx(-0.055));                  // A: -11 units of 2000
    CHECK(awry.ink.right_pt - awry.width_pt == Approx(0.065));  // Y: 13 units past
    const TextLine jump = shape_line("jump", style("serif", 10));
    CHECK(jump.ink.left_pt == Approx(-0.35));
    CHECK(jump.ink.bottom_pt == Approx(2.87));  // the j's and p's descenders
    const TextLine when = shape_line("When", style("serif", 10));
    CHECK(when.ink.left_pt == 0);               // W starts on its origin
    CHECK(when.ink.right_pt == Approx(23.26));  // n ends before its advance
    CHECK(when.width_pt == Approx(23.49));
    // Ink scales with the size: glyphs are not hinted.
    const TextLine twice = shape_line("jump", style("serif", 20));
    CHECK(twice.ink.left_pt == Approx(2 * jump.ink.left_pt));
    CHECK(twice.ink.width_pt() == Approx(2 * jump.ink.width_pt()));
    // Spaces print nothing; a line of them has no ink.
    CHECK(shape_line("   ", style("serif")).ink.empty);
    CHECK(shape_line("", style("serif")).ink.width_pt() == 0);
}

TEST_CASE("right-to-left and mixed text are ordered for display", "[text][bidi]") {
    const TextStyle dejavu = style("DejaVu Sans");
    const TextLine hebrew = shape_line("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", dejavu);  // shalom
    REQUIRE(hebrew.runs.size() == 1);
    CHECK(hebrew.runs[0].backward);
    CHECK(hebrew.coverage.missing.empty());
    CHECK(hebrew.coverage.fallbacks.empty());
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
    CHECK(arabic.coverage.fallbacks.empty());
    CHECK(glyph_count(arabic) <= 4);
}

TEST_CASE("right-to-left lines of many words map their text onto their glyphs", "[text][bidi]") {
    // The lines that crashed the renderer (Cairo refused their clusters: a right-to-left run's
    // were handed over in glyph order): a Hebrew title of three words, a Hebrew paragraph, an
    // Arabic title of four words; and Hebrew and Arabic with Latin words and digits, in the
    // default fonts (the Hebrew and Arabic from a fallback font) and in DejaVu Sans.
    struct Case {
        std::string font, text, first, last;  // the first and last letters read
    };
    for (const Case& c : {
             Case{"serif-bold", "שלום עולם גדול", "ש", "ל"},
             Case{"serif", "זהו ספר על הדרך הארוכה שעברנו יחד, מן הים אל ההרים ובחזרה אל הבית", "ז",
                  "ת"},
             Case{"serif-bold", "كتاب الطريق إلى البيت", "ك", "ت"},
             Case{"serif", "ספר 2024 של Ann Author עמוד 12 מתוך 300 דפים", "ס", "ם"},
             Case{"serif", "رواية Salt Road الطبعة 2 لعام ٢٠٢٤ في القاهرة", "ر", "ة"},
             Case{"DejaVu Sans", "שלום עולם גדול מאוד", "ש", "ד"},
             Case{"DejaVu Sans", "كتاب الطريق إلى البيت القديم", "ك", "م"},
         }) {
        INFO(c.font << " '" << c.text << "'");
        const TextStyle s = style(c.font, 18);
        const TextLine line = shape_line(c.text, s);
        CHECK(line.right_to_left);
        CHECK(line.coverage.missing.empty());
        // Every cluster is whole characters with their glyphs; the line reads from the right:
        // its first letter's glyph lies right of its last letter's.
        std::string shown;
        std::optional<double> first_x, last_x;
        for (const auto& run : line.runs) {
            const auto clusters = clusters_of(run);
            for (const auto& [text, glyphs] : clusters) {
                shown += text;
                for (const auto& glyph : glyphs)
                    CHECK(glyph.index != 0);
            }
            // The run that starts the text, and the one that ends it (clusters are in text
            // order).
            const bool starts = c.text.rfind(run.utf8, 0) == 0;
            const bool ends =
                c.text.size() >= run.utf8.size() &&
                c.text.compare(c.text.size() - run.utf8.size(), run.utf8.size(), run.utf8) == 0;
            if (starts && clusters.front().first == c.first)
                first_x = clusters.front().second.at(0).x;
            if (ends && clusters.back().first == c.last)
                last_x = clusters.back().second.at(0).x;
        }
        CHECK(shown.size() == c.text.size());
        REQUIRE(first_x.has_value());
        REQUIRE(last_x.has_value());
        CHECK(*first_x > *last_x);
        // Cairo draws it, and Poppler reads the text back in reading order.
        std::string pdf;
        REQUIRE(draw_into_pdf(line, s, pdf) == CAIRO_STATUS_SUCCESS);
        CHECK(text_read_back(pdf) == without_spaces(c.text));
    }
    // A line takes its paragraph's direction: in a right-to-left paragraph, a line that starts
    // with Latin words still reads from the right, its Latin words at the right end.
    const TextStyle dejavu = style("DejaVu Sans");
    const std::string text = "Mara and Tom \xD7\x90\xD7\x9C";  // ... el (Hebrew: to)
    const TextLine alone = shape_line(text, dejavu);
    const TextLine within = shape_line(text, dejavu, Direction::right_to_left);
    CHECK_FALSE(alone.right_to_left);
    CHECK(within.right_to_left);
    CHECK(alone.runs.front().utf8.find("Mara") != std::string::npos);
    CHECK(within.runs.back().utf8.find("Mara") != std::string::npos);
}

TEST_CASE("characters a font lacks come from an installed font that has them", "[text][fonts]") {
    // EB Garamond Bold, the default title font, has no Greek, Cyrillic, Hebrew, Arabic or CJK.
    const TextStyle title = style("serif-bold", 30);
    for (const std::string text : {"Ο δρόμος του αλατιού", "Соляная дорога", "שלום עולם",
                                   "كتاب الطريق", "塩の道", "소금의 길", "しおのみち"}) {
        INFO("'" << text << "'");
        const TextLine line = shape_line(text, title);
        CHECK(line.coverage.missing.empty());
        REQUIRE(line.coverage.fallbacks.size() == 1);
        const auto& fallback = line.coverage.fallbacks.front();
        CHECK(fallback.font != title.font);
        INFO("from " << fallback.font->name());
        std::u32string letters;
        for (const char32_t c : code_points_of(text)) {
            if (c == ' ')
                continue;
            CHECK_FALSE(title.font->has_glyph(c));
            CHECK(fallback.font->has_glyph(c));
            if (letters.find(c) == std::u32string::npos)
                letters += c;
        }
        CHECK(fallback.characters == letters);  // each once, in the order of the text
        // No .notdef anywhere: every glyph is a real one of its run's font, the letters' runs
        // are the fallback's, and the spaces stay in the title's font.
        for (const auto& run : line.runs) {
            for (const auto& glyph : run.glyphs)
                CHECK(glyph.index != 0);
            CHECK(run.font == (run.utf8 == " " ? title.font : fallback.font));
        }
        // The ink is the fallback glyphs' own, from the fallback's file.
        const InkBox freetype = freetype_ink(line, title);
        CHECK(line.ink.left_pt == Approx(freetype.left_pt).margin(1e-6));
        CHECK(line.ink.right_pt == Approx(freetype.right_pt).margin(1e-6));
        CHECK(line.ink.top_pt == Approx(freetype.top_pt).margin(1e-6));
        CHECK(line.ink.bottom_pt == Approx(freetype.bottom_pt).margin(1e-6));
        std::string pdf;
        REQUIRE(draw_into_pdf(line, title, pdf) == CAIRO_STATUS_SUCCESS);
        CHECK(text_read_back(pdf) == without_spaces(text));
    }
    // Latin stays in the title's font; only the Greek falls back.
    const TextLine mixed = shape_line("The Salt Road: \xCE\x9F \xCE\xB4\xCF\x81", title);
    REQUIRE(mixed.runs.size() >= 2);
    CHECK(mixed.runs.front().font == title.font);
    CHECK(mixed.runs.front().utf8 == "The Salt Road: ");
    CHECK(mixed.runs.back().font != title.font);
    // Combining marks stay with their base's font: pointed Hebrew is one run, without boxes.
    const TextLine pointed = shape_line("שָׁלוֹם", title);
    REQUIRE(pointed.runs.size() == 1);
    CHECK(pointed.coverage.missing.empty());
    for (const auto& glyph : pointed.runs[0].glyphs)
        CHECK(glyph.index != 0);
    // A character no installed font has (a private-use one) is recorded as missing, once.
    CHECK(fallback_font(*title.font, 0xE000) == nullptr);
    const TextLine none = shape_line("Salt \xEE\x80\x80 Road \xEE\x80\x80", title);
    CHECK(none.coverage.missing == U"\uE000");
    CHECK(none.coverage.fallbacks.empty());
    CHECK(shape_line("Salt Road", title).coverage.fallbacks.empty());
    CHECK(code_points(U"\u05D0\uE000") == "U+05D0 (\xD7\x90), U+E000");
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
        INFO("line " << i << ": '" << line.text.text << "'");
        // Every line's ink starts at the left edge; a full line's ink ends at the right edge.
        CHECK(line.x + line.text.ink.left_pt == Approx(0).margin(1e-9));
        if (line.stretch > 0)
            CHECK(line.x + line.text.ink.right_pt == Approx(width).margin(1e-9));
        else
            CHECK(line.x + line.text.ink.right_pt < width);
        rebuilt += line.text.text + " ";
    }
    // Full lines stretch to the measure; a paragraph's last line does not.
    CHECK(justified.lines[0].stretch > 0);
    CHECK(justified.lines.back().text.text == "A second paragraph, short.");
    CHECK(justified.lines.back().stretch == 0);
    CHECK_THAT(rebuilt, Contains("stone markers."));
    // Baselines step by the leading, with half a line more between paragraphs.
    CHECK(justified.lines[1].baseline - justified.lines[0].baseline == Approx(11 * 1.25));
    // The first baseline lies the font's ascender below the top (EB Garamond's, above its
    // glyphs), and the block ends at the last line's descender.
    const double ascender = body.font->ascender_em() * 11;
    CHECK(justified.lines[0].baseline == Approx(ascender));
    CHECK(justified.lines[0].text.ink.top_pt < ascender);
    CHECK(justified.height_pt ==
          Approx(justified.lines.back().baseline - body.font->descender_em() * 11));

    const TextBlock ragged = lay_out_text(copy, body, width, 1000, Align::left);
    for (const auto& line : ragged.lines) {
        CHECK(line.x + line.text.ink.left_pt == Approx(0).margin(1e-9));
        CHECK(line.x + line.text.ink.right_pt < width);
        CHECK(line.stretch == 0);
    }

    // Centred and right-aligned by the ink: "jump" starts 0.35 em left of its origin, and its
    // p ends 0.035 em short of its advance.
    const TextBlock centred = lay_out_text("jump", body, width, 1000, Align::center);
    const auto& middle = centred.lines.at(0);
    CHECK(middle.x + (middle.text.ink.left_pt + middle.text.ink.right_pt) / 2 == Approx(width / 2));
    CHECK(middle.x != Approx((width - middle.text.width_pt) / 2).margin(0.1));
    const TextBlock right = lay_out_text("jump", body, width, 1000, Align::right);
    CHECK(right.lines.at(0).x + right.lines.at(0).text.ink.right_pt == Approx(width));
    const TextBlock left = lay_out_text("jump", body, width, 1000, Align::left);
    CHECK(left.lines.at(0).x == Approx(0.35 * 1.1));

    // Lines are fitted by their ink: EB Garamond's "AWRY" sets 95.724 pt wide at 36 pt, but
    // its ink spans 97.344 pt (from 0.072 pt left of its origin to 1.548 pt past its advance).
    const TextStyle big = style("serif", 36);
    const TextLine awry = shape_line("AWRY", big);
    CHECK(awry.width_pt == Approx(95.724));
    CHECK(awry.ink.width_pt() == Approx(97.344));
    CHECK(lay_out_text("AWRY", big, 96.5, 1000, Align::left).overflow);
    const TextBlock fits = lay_out_text("AWRY", big, 97.4, 1000, Align::right);
    CHECK_FALSE(fits.overflow);
    CHECK(fits.lines.at(0).x + fits.lines.at(0).text.ink.left_pt == Approx(97.4 - 97.344));

    // A first line whose ink rises above the ascender (EB Garamond's ring on the A reaches
    // 0.844 em; its ascender is 0.71 em) moves down until its ink is inside the top.
    const TextStyle garamond = style("serif", 20);
    const TextBlock raised = lay_out_text("\xC3\x85ngstr\xC3\xB6m", garamond, 200, 1000,
                                          Align::left);  // Ångström
    CHECK(garamond.font->ascender_em() == Approx(0.71));
    CHECK(raised.lines.at(0).text.ink.top_pt == Approx(0.844 * 20));
    CHECK(raised.lines.at(0).baseline == Approx(0.844 * 20));

    // Room for one line (11 pt type) but not two (a further 13.75 pt of leading).
    const TextBlock cut = lay_out_text(copy, body, width, 20, Align::left);
    CHECK(cut.overflow);
    CHECK(cut.lines.size() == 1);
    CHECK(cut.height_pt <= 20);

    CHECK(lay_out_text("Supercalifragilisticexpialidocious", body, 50, 1000, Align::left).overflow);
}

TEST_CASE("a word wider than the block is broken between characters, in time near its length",
          "[text][paragraph][hostile]") {
    const TextStyle body = style("serif", 11);
    // The whole word was one line before: it stuck out of the block, and a 1 MB word was shaped
    // whole for every size tried (a 1 MB back copy took 40 s to render).
    const TextBlock broken =
        lay_out_text("Supercalifragilisticexpialidocious", body, 50, 1000, Align::left);
    CHECK(broken.overflow);
    REQUIRE(broken.lines.size() >= 3);
    std::string rebuilt;
    for (const auto& line : broken.lines) {
        CHECK(line.text.ink.width_pt() <= 50);
        rebuilt += line.text.text;
    }
    CHECK(rebuilt == "Supercalifragilisticexpialidocious");
    // Each line takes as much as fits: the next character would not.
    const std::string first = broken.lines.at(0).text.text;
    CHECK(shape_line(first + "Supercalifragilisticexpialidocious"[first.size()], body)
              .ink.width_pt() > 50);

    // A letter keeps its accents: "e" and U+0301 stay on one line.
    std::string accented;
    for (int i = 0; i < 40; ++i)
        accented += "e\xCC\x81";
    for (const auto& line : lay_out_text(accented, body, 30, 1000, Align::left).lines)
        CHECK(line.text.text.rfind("e", 0) == 0);

    // Combining marks without end are cut after 30, as in Unicode's stream-safe format.
    std::string marks = "e";
    for (int i = 0; i < 100'000; ++i)
        marks += "\xCC\x81";
    const auto marked_start = std::chrono::steady_clock::now();
    const TextBlock marked = lay_out_text(marks, body, 300, 200, Align::left);
    CHECK(marked.overflow);
    CHECK(marked.lines.size() <= 1);  // 30 accents stacked on one e may not fit 200 pt
    CHECK(std::chrono::steady_clock::now() - marked_start < std::chrono::seconds(5));

    const std::string megabyte(1'000'000, 'x');
    const auto start = std::chrono::steady_clock::now();
    const TextBlock huge = lay_out_text(megabyte, body, 300, 200, Align::justify);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(huge.overflow);
    REQUIRE(huge.lines.size() == 14);  // 200 pt of 11 pt type, 13.75 pt apart
    CHECK(huge.lines.at(0).text.text.size() < 100);
    CHECK(seconds < 5);
}

TEST_CASE("right-to-left paragraphs are set from the right", "[text][paragraph][bidi]") {
    const TextStyle body = style("serif", 11);
    const std::string copy =
        "זהו ספר על הדרך הארוכה שעברנו יחד, מן הים אל ההרים, ובחזרה אל הבית הישן שלנו. בשנת "
        "1999 יצאנו עם Mara ו-Tom אל מעבר לגבעות, 120 קילומטרים ברגל.\n\nפסקה שנייה, קצרה.";
    const double width = 200;
    const TextBlock justified = lay_out_text(copy, body, width, 1000, Align::justify);
    REQUIRE(justified.lines.size() >= 5);
    CHECK_FALSE(justified.overflow);
    CHECK(justified.coverage.missing.empty());
    REQUIRE(justified.coverage.fallbacks.size() == 1);  // the Hebrew, from a fallback font
    for (std::size_t i = 0; i < justified.lines.size(); ++i) {
        const auto& line = justified.lines[i];
        INFO("line " << i << ": '" << line.text.text << "'");
        // Every line takes the paragraph's direction, also one that starts with a digit or a
        // Latin word; its ink ends at the right edge, and a full line's starts at the left.
        CHECK(line.text.right_to_left);
        CHECK(line.x + line.text.ink.right_pt == Approx(width).margin(1e-9));
        if (line.stretch > 0)
            CHECK(line.x + line.text.ink.left_pt == Approx(0).margin(1e-9));
        else
            CHECK(line.x + line.text.ink.left_pt > 0);
    }
    // A paragraph's last line is set flush to its start: the right.
    CHECK(justified.lines[0].stretch > 0);
    CHECK(justified.lines.back().text.text == "פסקה שנייה, קצרה.");
    CHECK(justified.lines.back().stretch == 0);
    CHECK(justified.lines.back().x + justified.lines.back().text.ink.left_pt > width / 2);

    for (const auto align : {Align::start, Align::right}) {
        for (const auto& line : lay_out_text(copy, body, width, 1000, align).lines) {
            CHECK(line.x + line.text.ink.right_pt == Approx(width).margin(1e-9));
            CHECK(line.stretch == 0);
        }
    }
    for (const auto& line : lay_out_text(copy, body, width, 1000, Align::left).lines)
        CHECK(line.x + line.text.ink.left_pt == Approx(0).margin(1e-9));
    // Left-to-right paragraphs start at the left, whatever follows them.
    const TextBlock mixed = lay_out_text("Salt Road\n\n\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", body,
                                         width, 1000, Align::start);
    REQUIRE(mixed.lines.size() == 2);
    CHECK(mixed.lines[0].x + mixed.lines[0].text.ink.left_pt == Approx(0).margin(1e-9));
    CHECK(mixed.lines[1].x + mixed.lines[1].text.ink.right_pt == Approx(width).margin(1e-9));
}

TEST_CASE("colours parse and refuse", "[text]") {
    CHECK(Color::parse("#ff8000") == Color{1.0, 128 / 255.0, 0});
    CHECK(Color::parse("#fff") == Color::white());
    CHECK_THROWS_WITH(Color::parse("red"), Contains("'red' is not a colour: write #rrggbb"));
    CHECK_THROWS_AS(Color::parse("#12345g"), ValueError);
}
