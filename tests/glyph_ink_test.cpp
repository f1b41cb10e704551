// Text measured by its ink: words in PDFs made the way real tools make them (Cairo embeds
// TrueType and Type 1 subsets as Inkscape and rsvg do, and user fonts as Type 3), checked
// against FreeType's own outline bounds of the same glyphs at the same size.
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_BBOX_H
#include FT_OUTLINE_H
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "podcover/check/cover_pdf.hpp"
#include "podcover/check/text_runs.hpp"
#include "podcover/names.hpp"
#include "podcover/render/handles.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using namespace podcover;
using namespace podcover::check;

namespace {

// A TrueType font, and a Type 1 font as LaTeX embeds them (Debian's fonts-urw-base35).
const char* const truetype_file = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const char* const type1_file = "/usr/share/fonts/type1/urw-base35/NimbusRoman-Regular.t1";

constexpr double tolerance_in = 0.005;

// FreeType, for the life of the tests: Cairo may keep faces cached until the process ends.
FT_Library freetype() {
    static FT_Library library = [] {
        FT_Library made = nullptr;
        REQUIRE(FT_Init_FreeType(&made) == 0);
        return made;
    }();
    return library;
}

render::FtFace open_face(const char* file) {
    FT_Face face = nullptr;
    REQUIRE(FT_New_Face(freetype(), file, 0, &face) == 0);
    return render::FtFace(face);
}

// A Cairo font face with a FreeType face of its own, which Cairo closes when it is done.
render::CairoFontFace cairo_face(const char* file) {
    FT_Face face = open_face(file).release();
    render::CairoFontFace cairo(cairo_ft_font_face_create_for_ft_face(face, FT_LOAD_NO_HINTING));
    static cairo_user_data_key_t key;
    REQUIRE(cairo_font_face_set_user_data(cairo.get(), &key, face, [](void* data) {
                FT_Done_Face(static_cast<FT_Face>(data));
            }) == CAIRO_STATUS_SUCCESS);
    return cairo;
}

// A word set glyph by glyph at its font's advances (in points, the pen starting at the origin).
struct SetWord {
    std::string text;
    std::vector<cairo_glyph_t> glyphs;
};

FT_UInt glyph_of(FT_Face face, char c) {
    const FT_UInt glyph = FT_Get_Char_Index(face, static_cast<FT_ULong>(c));
    REQUIRE(glyph != 0);
    REQUIRE(FT_Load_Glyph(face, glyph, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) ==
            0);
    return glyph;
}

SetWord set_word(FT_Face face, const std::string& text, double size_pt) {
    SetWord word;
    word.text = text;
    double pen = 0;
    for (char c : text) {
        const FT_UInt glyph = glyph_of(face, c);
        word.glyphs.push_back(cairo_glyph_t{glyph, pen, 0});
        pen += static_cast<double>(face->glyph->advance.x) * size_pt / face->units_per_EM;
    }
    return word;
}

// Where a word's ink lands on the page when drawn with its baseline's start at (x, y) points,
// turned by `angle` (clockwise on the page, as cairo_rotate turns): FreeType turns each
// glyph's outline (in font units, at its pen position) and bounds the curves themselves
// (FT_Outline_Get_BBox), independently of Poppler.
Rect expected_ink(FT_Face face, const std::string& text, double size_pt, double x_pt, double y_pt,
                  double angle) {
    const double pt_per_unit = size_pt / face->units_per_EM;
    // Text space is y up; the page, as Cairo draws it, y down: a clockwise turn on the page
    // is a turn by -angle in text space.
    const FT_Matrix turn = {static_cast<FT_Fixed>(std::lround(std::cos(angle) * 65536)),
                            static_cast<FT_Fixed>(std::lround(std::sin(angle) * 65536)),
                            static_cast<FT_Fixed>(std::lround(-std::sin(angle) * 65536)),
                            static_cast<FT_Fixed>(std::lround(std::cos(angle) * 65536))};
    double x0 = HUGE_VAL, y0 = HUGE_VAL, x1 = -HUGE_VAL, y1 = -HUGE_VAL;
    FT_Pos pen_units = 0;
    for (char c : text) {
        glyph_of(face, c);
        FT_Outline& outline = face->glyph->outline;
        FT_Outline_Translate(&outline, pen_units, 0);
        FT_Outline_Transform(&outline, &turn);
        FT_BBox box;
        REQUIRE(FT_Outline_Get_BBox(&outline, &box) == 0);
        x0 = std::min(x0, x_pt + static_cast<double>(box.xMin) * pt_per_unit);
        x1 = std::max(x1, x_pt + static_cast<double>(box.xMax) * pt_per_unit);
        y0 = std::min(y0, y_pt - static_cast<double>(box.yMax) * pt_per_unit);
        y1 = std::max(y1, y_pt - static_cast<double>(box.yMin) * pt_per_unit);
        pen_units += face->glyph->advance.x;
    }
    auto length = [](double pt) {
        return Length::from_units(static_cast<Length::rep>(std::llround(pt * 1000)) *
                                  (Length::units_per_pt / 1000));
    };
    return Rect::from_edges(length(x0), length(y0), length(x1), length(y1));
}

void draw_word(cairo_t* cr, cairo_font_face_t* face, const SetWord& word, double size_pt,
               double x_pt, double y_pt, double angle) {
    cairo_save(cr);
    cairo_translate(cr, x_pt, y_pt);
    cairo_rotate(cr, angle);
    cairo_set_font_face(cr, face);
    cairo_set_font_size(cr, size_pt);
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_set_font_options(cr, options);
    cairo_font_options_destroy(options);
    // One glyph per character, so that the PDF's ToUnicode maps each glyph to its letter.
    std::vector<cairo_text_cluster_t> clusters(word.glyphs.size(), cairo_text_cluster_t{1, 1});
    cairo_show_text_glyphs(cr, word.text.c_str(), static_cast<int>(word.text.size()),
                           word.glyphs.data(), static_cast<int>(word.glyphs.size()),
                           clusters.data(), static_cast<int>(clusters.size()),
                           static_cast<cairo_text_cluster_flags_t>(0));
    cairo_restore(cr);
}

// A Type 3 font: Cairo writes user fonts as Type 3, each glyph a drawing (here a bar).
cairo_status_t draw_bar(cairo_scaled_font_t*, unsigned long, cairo_t* cr,
                        cairo_text_extents_t* extents) {
    cairo_rectangle(cr, 0.05, -0.7, 0.5, 0.7);
    cairo_fill(cr);
    extents->x_advance = 0.6;
    return CAIRO_STATUS_SUCCESS;
}

struct Placed {
    std::string font_file;  // empty for the Type 3 font
    std::string text;
    double size_pt;
    double x_pt, y_pt, angle;
};

// Spine titles run a quarter turn either way: down (90 degrees clockwise, Poppler's rotation
// 1) and up (rotation 3).
const std::vector<Placed> placed_words = {
    {truetype_file, "Hgj", 36, 72, 100, 0},
    {truetype_file, "Spine", 24, 300, 40, M_PI / 2},
    {truetype_file, "Title", 24, 350, 320, -M_PI / 2},
    {type1_file, "Quick", 36, 72, 250, 0},
    {type1_file, "Jumps", 24, 420, 40, M_PI / 2},
    {type1_file, "Lazy", 24, 470, 320, -M_PI / 2},
    // Round letters turned by other angles, rising: their Bézier control points lie well
    // outside the curves (a word box is only a single letter, as Poppler splits slanted text).
    {type1_file, "O", 72, 180, 190, -M_PI / 4},
    {truetype_file, "G", 72, 200, 330, -M_PI / 6},
    {"", "Bars", 24, 72, 330, 0},
};

// The test PDF (8 x 5 in), made once, and where each outline word's ink must be.
struct Fixture {
    test::TempDir dir;
    fs::path pdf;
    std::map<std::string, Rect> expected;

    Fixture() {
        pdf = dir.path / "words.pdf";
        std::map<std::string, render::FtFace> measuring;
        std::map<std::string, render::CairoFontFace> cairo_faces;
        for (const char* file : {truetype_file, type1_file}) {
            measuring.emplace(file, open_face(file));
            cairo_faces.emplace(file, cairo_face(file));
        }
        const render::CairoFontFace bars(cairo_user_font_face_create());
        cairo_user_font_face_set_render_glyph_func(bars.get(), draw_bar);

        const render::CairoSurface surface(cairo_pdf_surface_create(pdf.c_str(), 576, 360));
        const render::Cairo cr(cairo_create(surface.get()));
        for (const Placed& p : placed_words) {
            if (p.font_file.empty()) {
                cairo_save(cr.get());
                cairo_set_font_face(cr.get(), bars.get());
                cairo_set_font_size(cr.get(), p.size_pt);
                cairo_move_to(cr.get(), p.x_pt, p.y_pt);
                cairo_show_text(cr.get(), p.text.c_str());
                cairo_restore(cr.get());
                continue;
            }
            const SetWord word = set_word(measuring.at(p.font_file).get(), p.text, p.size_pt);
            draw_word(cr.get(), cairo_faces.at(p.font_file).get(), word, p.size_pt, p.x_pt, p.y_pt,
                      p.angle);
            expected.emplace(p.text, expected_ink(measuring.at(p.font_file).get(), p.text,
                                                  p.size_pt, p.x_pt, p.y_pt, p.angle));
        }
        cairo_show_page(cr.get());
        cairo_surface_finish(surface.get());
        REQUIRE(cairo_surface_status(surface.get()) == CAIRO_STATUS_SUCCESS);
    }
};

const Fixture& fixture() {
    static const Fixture made;
    return made;
}

// A copy of the PDF changed by `edit`.
fs::path edited(const fs::path& from, const std::string& name,
                const std::function<void(QPDF&)>& edit) {
    const fs::path to = from.parent_path() / name;
    QPDF pdf;
    pdf.processFile(from.c_str());
    edit(pdf);
    QPDFWriter writer(pdf, to.c_str());
    writer.write();
    return to;
}

// A copy whose page content is rewritten line by line by `rewrite`.
fs::path rewritten(const fs::path& from, const std::string& name,
                   const std::function<std::string(const std::string&)>& rewrite) {
    return edited(from, name, [&](QPDF& pdf) {
        for (QPDFPageObjectHelper& page : QPDFPageDocumentHelper(pdf).getAllPages()) {
            QPDFObjectHandle contents = page.getObjectHandle().getKey("/Contents");
            REQUIRE(contents.isStream());
            const auto data = contents.getStreamData(qpdf_dl_generalized);
            std::istringstream lines(
                std::string(reinterpret_cast<const char*>(data->getBuffer()), data->getSize()));
            std::string content;
            for (std::string line; std::getline(lines, line);)
                content += rewrite(line) + "\n";
            contents.replaceStreamData(content, QPDFObjectHandle::newNull(),
                                       QPDFObjectHandle::newNull());
        }
    });
}

Inventory inventory_of(const fs::path& file) {
    const auto cover =
        CoverPdf::open(file, Deadline::after(std::chrono::seconds(30)));
    return cover->inventory();
}

const Word& word_named(const Inventory& inventory, const std::string& text) {
    for (const Word& w : inventory.words) {
        if (w.text == text)
            return w;
    }
    std::string all;
    for (const Word& w : inventory.words)
        all += w.text + " ";
    INFO("words: " << all);
    FAIL("no word " << text);
    throw std::logic_error("unreachable");
}

std::string describe(const Rect& r) {
    return format_number(r.left().in(), 4) + ", " + format_number(r.top().in(), 4) + " to " +
           format_number(r.right().in(), 4) + ", " + format_number(r.bottom().in(), 4) + " in";
}

void check_close(const Rect& got, const Rect& want) {
    INFO("ink " << describe(got) << ", FreeType's outline bounds " << describe(want));
    CHECK(std::abs(got.left().in() - want.left().in()) <= tolerance_in);
    CHECK(std::abs(got.top().in() - want.top().in()) <= tolerance_in);
    CHECK(std::abs(got.right().in() - want.right().in()) <= tolerance_in);
    CHECK(std::abs(got.bottom().in() - want.bottom().in()) <= tolerance_in);
}

bool prints_nothing(const Rect& ink) {
    return ink.width == Length() && ink.height == Length();
}

}  // namespace

TEST_CASE("the fixture's fonts are embedded as real tools embed them", "[check][ink]") {
    const auto cover = CoverPdf::open(
        fixture().pdf, Deadline::after(std::chrono::seconds(30)));
    std::map<std::string, std::string> types;
    for (const FontUse& font : cover->fonts())
        types[font.name.substr(font.name.find('+') + 1)] = font.type;
    INFO("fonts: " << types.size());
    REQUIRE(types.count("DejaVuSans"));
    CHECK(types.at("DejaVuSans").find("TrueType") != std::string::npos);
    REQUIRE(types.count("NimbusRoman-Regular"));
    CHECK(types.at("NimbusRoman-Regular").rfind("Type 1", 0) == 0);
    bool type3 = false;
    for (const auto& [name, type] : types)
        type3 = type3 || type == "Type 3";
    CHECK(type3);
}

TEST_CASE("words are measured by their glyphs' outlines, level and a quarter turn either way",
          "[check][ink]") {
    const Inventory inventory = inventory_of(fixture().pdf);
    for (const auto& [text, want] : fixture().expected) {
        INFO(text);
        const Word& word = word_named(inventory, text);
        REQUIRE(word.ink.has_value());
        check_close(*word.ink, want);
        // The ink lies on the font box, within its height, but is not it: glyphs may overhang
        // their advance (the k of Quick by 0.003 in).
        CHECK(word.box.overlaps(*word.ink));
        const bool level = word.rotation % 2 == 0;
        CHECK((level ? word.ink->height : word.ink->width) <
              (level ? word.box.height : word.box.width));
    }
    CHECK(word_named(inventory, "Spine").rotation == 1);
    CHECK(word_named(inventory, "Title").rotation == 3);
    CHECK(word_named(inventory, "Jumps").rotation == 1);
    CHECK(word_named(inventory, "Lazy").rotation == 3);
    // A run's ink is its words'.
    for (const TextRun& run : join_words(inventory.words)) {
        if (run.text == "Hgj") {
            REQUIRE(run.ink.has_value());
            CHECK(*run.ink == *word_named(inventory, "Hgj").ink);
        }
    }
}

TEST_CASE("a tall declared ascent grows Poppler's word box, not the ink", "[check][ink]") {
    // As some TrueType fonts declare, and as a hand-edited descriptor can: 2 em above the
    // baseline and 1 em below.
    const fs::path tall = edited(fixture().pdf, "tall.pdf", [](QPDF& pdf) {
        int changed = 0;
        for (QPDFObjectHandle object : pdf.getAllObjects()) {
            if (!object.isDictionary() ||
                !object.getKey("/Type").isNameAndEquals("/FontDescriptor"))
                continue;
            if (object.getKey("/FontName").getName().find("DejaVuSans") == std::string::npos)
                continue;
            object.replaceKey("/Ascent", QPDFObjectHandle::newInteger(2000));
            object.replaceKey("/Descent", QPDFObjectHandle::newInteger(-1000));
            object.replaceKey("/FontBBox", QPDFObjectHandle::parse("[-1000 -1000 2000 2000]"));
            ++changed;
        }
        REQUIRE(changed == 1);
    });
    const Inventory before = inventory_of(fixture().pdf);
    const Inventory after = inventory_of(tall);
    for (const std::string text : {"Hgj", "Spine", "Title"}) {
        INFO(text);
        const Word& plain = word_named(before, text);
        const Word& grown = word_named(after, text);
        REQUIRE(grown.ink.has_value());
        check_close(*grown.ink, fixture().expected.at(text));
        // Across the line, the font box now spans 3 em: 1.5 in at 36 pt, 1 in at 24 pt.
        const double across_in =
            grown.rotation % 2 == 0 ? grown.box.height.in() : grown.box.width.in();
        const double ink_across_in =
            grown.rotation % 2 == 0 ? grown.ink->height.in() : grown.ink->width.in();
        INFO("font box across the line "
             << format_number(across_in, 3) << " in (was "
             << format_number(
                    plain.rotation % 2 == 0 ? plain.box.height.in() : plain.box.width.in(), 3)
             << "), ink " << format_number(ink_across_in, 3) << " in");
        CHECK(across_in == Approx(3 * grown.font_size_pt / 72).margin(0.01));
        CHECK(across_in > ink_across_in + 0.5);
    }
}

TEST_CASE("invisible text has no ink", "[check][ink]") {
    // Render mode 3, as OCR layers and some PDF exporters set it.
    const fs::path invisible = rewritten(
        fixture().pdf, "invisible.pdf",
        [](const std::string& line) { return line == "BT" ? std::string("BT 3 Tr") : line; });
    const Inventory inventory = inventory_of(invisible);
    for (const Placed& p : placed_words) {
        INFO(p.text);
        const Word& word = word_named(inventory, p.text);
        REQUIRE(word.ink.has_value());
        CHECK(prints_nothing(*word.ink));
    }
}

TEST_CASE("text placed by the page's transform measures as text placed by its text matrix",
          "[check][ink]") {
    // Cairo turns text with the text matrix (Tm); other tools turn the page's transform (cm)
    // around upright text, and at angles other than quarter turns the outline's own bounds no
    // longer give the ink's. Each Tm here becomes the same matrix as cm.
    std::string font;
    bool opened = false;
    const fs::path by_cm = rewritten(fixture().pdf, "cm.pdf", [&](const std::string& line) {
        const std::string tm = " Tm", tf = " Tf";
        if (line.size() > tf.size() && line.compare(line.size() - tf.size(), tf.size(), tf) == 0)
            font = line;
        if (line == "ET" && opened) {
            opened = false;
            return std::string("ET\nQ");
        }
        if (line.size() <= tm.size() || line.compare(line.size() - tm.size(), tm.size(), tm) != 0)
            return line;
        std::string out = std::string("ET\n") + (opened ? "Q\n" : "") + "q " +
                          line.substr(0, line.size() - tm.size()) + " cm\nBT\n" +
                          (font.empty() ? "" : font + "\n") + "1 0 0 1 0 0 Tm";
        opened = true;
        return out;
    });
    const Inventory inventory = inventory_of(by_cm);
    for (const auto& [text, want] : fixture().expected) {
        INFO(text);
        const Word& word = word_named(inventory, text);
        REQUIRE(word.ink.has_value());
        check_close(*word.ink, want);
    }
}

TEST_CASE("a font the file does not embed has unknown ink", "[check][ink]") {
    // Poppler finds a stand-in on this machine (DejaVu Sans itself, likely), but the printer
    // will use its own.
    const fs::path unembedded = edited(fixture().pdf, "unembedded.pdf", [](QPDF& pdf) {
        int removed = 0;
        for (QPDFObjectHandle object : pdf.getAllObjects()) {
            if (object.isDictionary() && object.hasKey("/FontFile2")) {
                object.removeKey("/FontFile2");
                ++removed;
            }
        }
        REQUIRE(removed == 1);
    });
    const Inventory inventory = inventory_of(unembedded);
    for (const std::string text : {"Hgj", "Spine", "Title", "G"}) {
        INFO(text);
        CHECK_FALSE(word_named(inventory, text).ink.has_value());
    }
    CHECK(word_named(inventory, "Quick").ink.has_value());
}

TEST_CASE("Type 3 glyphs' ink is unknown: the font box stands in", "[check][ink]") {
    const Inventory inventory = inventory_of(fixture().pdf);
    const Word& bars = word_named(inventory, "Bars");
    CHECK_FALSE(bars.ink.has_value());
    CHECK(bars.box.width > Length());
    for (const TextRun& run : join_words(inventory.words)) {
        if (run.text == "Bars")
            CHECK_FALSE(run.ink.has_value());
    }
}
