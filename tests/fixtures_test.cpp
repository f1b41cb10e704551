// The fixture library (tests/fixtures): every fixture read back through Poppler, by the
// checker's own reader (check::CoverPdf), against the numbers PRINTERS.md section 7 gives,
// written out here again rather than taken from the library, so that a fixture drawn in the
// wrong place fails.
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include "podcover/check/cover_pdf.hpp"
#include "podcover/check/text_runs.hpp"
#include "podcover/errors.hpp"
#include "podcover/fixtures/fixtures.hpp"
#include "support.hpp"

using namespace podcover;
using namespace podcover::literals;
using Catch::Contains;
using podcover::test::TempDir;
using podcover::test::write;

namespace {

Length in(double inches) {
    return Length::from_units(std::llround(inches * static_cast<double>(Length::units_per_in)));
}

struct ReadBack {
    std::unique_ptr<check::CoverPdf> pdf;
    check::Inventory inventory;
    std::string text;  // every run of words, one a line
};

ReadBack read_back(const TempDir& dir, const std::string& name, const std::string& bytes) {
    const auto path = dir.path / name;
    write(path, bytes);
    ReadBack r;
    r.pdf = check::CoverPdf::open(
        path, check::Deadline::after(std::chrono::seconds(60)));
    r.inventory = r.pdf->inventory();
    for (const auto& run : join_words(r.inventory.words))
        r.text += run.text + "\n";
    return r;
}

// A stroke along x (vertical) or along y (horizontal) at the given position.
bool has_vertical_mark(const check::Inventory& inventory, Length x, Length tolerance) {
    for (const auto& shape : inventory.shapes) {
        if (!shape.filled && abs(shape.box.x - x) <= tolerance && shape.box.width <= tolerance &&
            shape.box.height >= 0.2_in)
            return true;
    }
    return false;
}
bool has_horizontal_mark(const check::Inventory& inventory, Length y, Length tolerance) {
    for (const auto& shape : inventory.shapes) {
        if (!shape.filled && abs(shape.box.y - y) <= tolerance && shape.box.height <= tolerance &&
            shape.box.width >= 0.2_in)
            return true;
    }
    return false;
}

bool has_fill(const check::Inventory& inventory, const Rect& rect, Length tolerance) {
    for (const auto& shape : inventory.shapes) {
        if (shape.filled && abs(shape.box.x - rect.x) <= tolerance &&
            abs(shape.box.y - rect.y) <= tolerance &&
            abs(shape.box.width - rect.width) <= tolerance &&
            abs(shape.box.height - rect.height) <= tolerance)
            return true;
    }
    return false;
}

// The darkest pixel's lightness (0 black .. 255 white) in an area of the page.
int darkest(const check::RenderedArea& rendered, const Rect& area) {
    const check::Raster& raster = rendered.raster;
    const auto span = raster.span(rendered.on_raster(area));
    int darkest = 255;
    for (int y = span.y0; y < span.y1; ++y) {
        for (int x = span.x0; x < span.x1; ++x)
            darkest = std::min(darkest, check::lightness(raster.pixel(x, y)));
    }
    return darkest;
}

// PRINTERS.md section 7's measurements, from the page's lower-left corner, y up.
struct Measured {
    Binding binding;
    double page_width, page_height;
    double art_left, art_bottom, art_right, art_top;
    std::vector<double> mark_x;
    std::vector<double> mark_y;
    std::vector<std::string> info;
};

const std::vector<Measured>& measured() {
    static const std::vector<Measured> all = {
        {Binding::paperback,
         15,
         12,
         2.709,
         3.2506,
         14.500,
         12.000,
         {2.834, 8.334, 8.875, 14.375},
         {3.375, 11.875},
         {"Perfect Bound Cover Template", "Document Size: 15\" x 12\"", "305 x 381mm", "PS1",
          "Content Type: Black & White", "Paper Type: Creme", "Page Count: 238",
          "ISBN: 978-0-306-40615-7", "Trim Size: 5.5x8.5", "File Type: PDF",
          "Request ID: ", "Bleed Artwork Dimensions: 5.750 x 8.750", "5.50 x 8.50",
          "139.70 x 215.90 mm", "0.541", "Safe Area", "Bleed Area", "Template Area"}},
        {Binding::case_laminate,
         18,
         12.5,
         3.807,
         2.000,
         17.501,
         12.000,
         {3.807, 4.432, 9.747, 10.247, 11.0605, 11.5605, 16.875, 17.500},
         {2.000, 2.6244, 11.3744, 12.000},
         {"Case Laminate Cover Template", "Document Size: 18\" x 12.5\"", "Page Count: 238",
          "Trim Size: 5.5x8.5", "0.8125"}},
        {Binding::dust_jacket,
         24,
         12.5,
         3.0624,
         3.000,
         23.000,
         12.000,
         {3.1869, 6.4369, 6.6869, 12.6244, 13.4375, 19.375, 19.625, 22.875},
         {3.125, 11.875},
         {"Dust Jacket Cover Template", "Document Size: 24\" x 12.5\"", "Page Count: 238",
          "Trim Size: 5.5x8.5", "0.8125"}},
    };
    return all;
}

}  // namespace

TEST_CASE("IngramSpark's templates as measured: page, artwork area, marks and info block",
          "[fixtures]") {
    TempDir dir;
    for (const Measured& m : measured()) {
        INFO(binding_id(m.binding));
        const fixtures::IngramSparkTemplate tpl = fixtures::ingramspark_template(m.binding);
        CHECK_FALSE(tpl.synthetic);
        const ReadBack r = read_back(dir, "template.pdf", tpl.pdf);
        const Size page = r.pdf->page_size();
        CHECK(abs(page.width - in(m.page_width)) <= 0.001_in);
        CHECK(abs(page.height - in(m.page_height)) <= 0.001_in);
        // The blue artwork area, converted to top-left, y-down coordinates.
        const Rect artwork = Rect::from_edges(in(m.art_left), in(m.page_height - m.art_top),
                                              in(m.art_right), in(m.page_height - m.art_bottom));
        CHECK(has_fill(r.inventory, artwork, 0.002_in));
        CHECK(abs(tpl.artwork.x - artwork.x) <= 0.001_in);
        CHECK(abs(tpl.artwork.bottom() - artwork.bottom()) <= 0.001_in);
        for (double x : m.mark_x) {
            INFO("mark x " << x);
            CHECK(has_vertical_mark(r.inventory, in(x), 0.002_in));
        }
        for (double y : m.mark_y) {
            INFO("mark y " << y << " from the bottom");
            CHECK(has_horizontal_mark(r.inventory, in(m.page_height - y), 0.002_in));
        }
        // No mark enters the artwork area: they are in the white margin.
        for (const auto& mark : tpl.marks) {
            const Rect line = Rect::from_edges(min(mark.x0, mark.x1), min(mark.y0, mark.y1),
                                               max(mark.x0, mark.x1), max(mark.y0, mark.y1));
            CHECK_FALSE(line.overlaps(artwork.inset(-0.001_in)));
        }
        INFO(r.text);
        for (const auto& line : m.info)
            CHECK_THAT(r.text, Contains(line));
        // The info block lies below the artwork.
        for (const auto& run : join_words(r.inventory.words)) {
            if (run.text.starts_with("Page Count"))
                CHECK(run.box.top() > artwork.bottom() + 0.5_in);
        }
    }
}

TEST_CASE("a synthetic IngramSpark template has the measured construction", "[fixtures]") {
    // For the measured book it gives the measured document size and artwork area.
    const auto again = fixtures::synthetic_ingramspark_template(
        fixtures::measured_template_book(Binding::paperback));
    CHECK(again.synthetic);
    CHECK(again.page == Size{15_in, 12_in});
    CHECK(abs(again.artwork.x - 2.709_in) <= 0.001_in);
    CHECK(again.artwork.y == Length());

    // The sample book on IngramSpark: 6 x 9 in, 300 pages on 50# white, spine 0.629, full wrap
    // 12.879 x 9.25 (PRINTERS.md section 5); 2.709 in to its left, 0.5 to its right, 3.25 below.
    TempDir dir;
    const auto tpl = fixtures::synthetic_ingramspark_template(
        BookSpec{Binding::paperback, Size{6_in, 9_in}, 300, "white"});
    CHECK(tpl.synthetic);
    const ReadBack r = read_back(dir, "synthetic.pdf", tpl.pdf);
    CHECK(abs(r.pdf->page_size().width - 16.088_in) <= 0.001_in);
    CHECK(abs(r.pdf->page_size().height - 12.5_in) <= 0.001_in);
    for (Length x : {2.834_in, 8.834_in, 9.463_in, 15.463_in}) {
        INFO("mark x " << x.in());
        CHECK(has_vertical_mark(r.inventory, x, 0.002_in));
    }
    CHECK(has_horizontal_mark(r.inventory, 0.125_in, 0.002_in));
    CHECK(has_horizontal_mark(r.inventory, 9.125_in, 0.002_in));
    INFO(r.text);
    CHECK_THAT(r.text, Contains("Trim Size: 6x9") && Contains("Page Count: 300") &&
                           Contains("0.629") && Contains("6.00 x 9.00"));
}

TEST_CASE("a cover placed on IngramSpark's template keeps the template's marks and info block",
          "[fixtures]") {
    TempDir dir;
    const BookSpec book = fixtures::measured_template_book(Binding::paperback);
    const std::string cover = fixtures::podcover_cover("ingramspark", book);
    const ReadBack alone = read_back(dir, "cover.pdf", cover);
    CHECK(abs(alone.pdf->page_size().width - 11.791_in) <= 0.001_in);
    CHECK(abs(alone.pdf->page_size().height - 8.75_in) <= 0.001_in);

    const auto tpl = fixtures::ingramspark_template(Binding::paperback);
    const ReadBack placed = read_back(dir, "placed.pdf", fixtures::place_on_template(cover, tpl));
    CHECK(abs(placed.pdf->page_size().width - 15_in) <= 0.001_in);
    CHECK(abs(placed.pdf->page_size().height - 12_in) <= 0.001_in);
    // The cover's art image: at the artwork area (x 2.709, flush with the top), as large as the
    // full wrap.
    REQUIRE(alone.inventory.images.size() == 1);
    REQUIRE(placed.inventory.images.size() == 1);
    const Rect art = alone.inventory.images[0].box;
    const Rect moved = placed.inventory.images[0].box;
    CHECK(abs(moved.x - (art.x + 2.709_in)) <= 0.002_in);
    CHECK(abs(moved.y - art.y) <= 0.002_in);
    CHECK(abs(moved.width - art.width) <= 0.002_in);
    // The cover's words moved with it; the template's are still there.
    bool title_moved = false;
    for (const auto& word : alone.inventory.words) {
        if (word.text != "Salt")
            continue;
        for (const auto& w : placed.inventory.words) {
            title_moved = title_moved ||
                          (w.text == "Salt" && abs(w.box.x - (word.box.x + 2.709_in)) <= 0.002_in &&
                           abs(w.box.y - word.box.y) <= 0.002_in);
        }
    }
    CHECK(title_moved);
    for (double x : measured()[0].mark_x)
        CHECK(has_vertical_mark(placed.inventory, in(x), 0.002_in));
    CHECK_THAT(placed.text, Contains("Document Size: 15\" x 12\"") &&
                                Contains("Bleed Artwork Dimensions: 5.750 x 8.750"));

    // Hardcover templates take podcover's hardcovers the same way.
    for (Binding kind : {Binding::case_laminate, Binding::dust_jacket}) {
        const auto hard = fixtures::ingramspark_template(kind);
        const std::string hard_cover =
            fixtures::podcover_cover("ingramspark", fixtures::measured_template_book(kind));
        const ReadBack hard_alone = read_back(dir, "hard-cover.pdf", hard_cover);
        const ReadBack r =
            read_back(dir, "hard.pdf", fixtures::place_on_template(hard_cover, hard));
        CHECK(r.pdf->page_size() == hard.page);
        REQUIRE(hard_alone.inventory.images.size() == 1);
        REQUIRE(r.inventory.images.size() == 1);
        CHECK(abs(r.inventory.images[0].box.x -
                  (hard_alone.inventory.images[0].box.x + hard.artwork.x)) <= 0.002_in);
        CHECK(abs(r.inventory.images[0].box.y -
                  (hard_alone.inventory.images[0].box.y + hard.artwork.y)) <= 0.002_in);
    }
}

TEST_CASE("a page flattened into one CMYK JPEG, as Canva exports it", "[fixtures]") {
    TempDir dir;
    const auto tpl = fixtures::ingramspark_template(Binding::paperback);
    const std::string placed = fixtures::place_on_template(
        fixtures::podcover_cover("ingramspark",
                                 fixtures::measured_template_book(Binding::paperback)),
        tpl);
    fixtures::FlattenOptions options;
    options.pixels_per_inch = 150;
    options.quality = 85;
    const fixtures::Flattened flat = fixtures::flatten_to_jpeg(placed, options);
    CHECK(flat.width_px == 2250);
    CHECK(flat.height_px == 1800);
    const ReadBack r = read_back(dir, "flat.pdf", flat.pdf);
    CHECK(abs(r.pdf->page_size().width - 15_in) <= 0.001_in);
    CHECK(abs(r.pdf->page_size().height - 12_in) <= 0.001_in);
    // One image, nothing else: no words, no vector shapes.
    REQUIRE(r.inventory.images.size() == 1);
    const check::PlacedImage& image = r.inventory.images[0];
    CHECK(image.color_space == "DeviceCMYK");
    CHECK(image.jpeg);
    CHECK(image.width_px == 2250);
    CHECK(image.height_px == 1800);
    CHECK(std::abs(image.pixels_per_inch - 150) < 0.01);
    CHECK(abs(image.box.x) <= 0.001_in);
    CHECK(abs(image.box.y) <= 0.001_in);
    CHECK(abs(image.box.width - 15_in) <= 0.001_in);
    CHECK(abs(image.box.height - 12_in) <= 0.001_in);
    CHECK(r.inventory.words.empty());
    CHECK(r.inventory.shapes.empty());
    CHECK(flat.pdf.find("/DCTDecode") != std::string::npos);

    // The template's marks are in the pixels where PRINTERS.md puts them: grey or darker on
    // each mark (a 0.5 pt line is about one pixel at 150 ppi, anti-aliased), white 0.1 in
    // beside it.
    const check::RenderedArea page = r.pdf->render(150);
    const Length art_bottom = 12_in - in(3.2506);
    for (double x : measured()[0].mark_x) {
        INFO("mark x " << x);
        const Rect on{in(x)-0.01_in, art_bottom + 0.2_in, 0.02_in, 0.1_in};
        CHECK(darkest(page, on) < 180);
        CHECK(darkest(page, Rect{on.x + 0.1_in, on.y, on.width, on.height}) > 225);
    }
    for (double y : measured()[0].mark_y) {
        INFO("mark y " << y);
        const Rect on{2.709_in - 0.3_in, in(12 - y) - 0.01_in, 0.1_in, 0.02_in};
        CHECK(darkest(page, on) < 180);
        CHECK(darkest(page, Rect{on.x, on.y + 0.1_in, on.width, on.height}) > 225);
    }
    // The info block's first line ("Perfect Bound Cover Template") is pixels too.
    CHECK(darkest(page, Rect{0.5_in, art_bottom + 0.9_in, 1.5_in, 0.12_in}) < 100);

    // Stored inverted with Decode [1 0 1 0 1 0 1 0] (Adobe's convention), it looks the same
    // (compared at 50 ppi, to stay quick).
    options.pixels_per_inch = 50;
    const ReadBack plain =
        read_back(dir, "plain.pdf", fixtures::flatten_to_jpeg(placed, options).pdf);
    options.adobe_inverted = true;
    const fixtures::Flattened inverted = fixtures::flatten_to_jpeg(placed, options);
    CHECK(inverted.pdf.find("/Decode") != std::string::npos);
    const ReadBack ri = read_back(dir, "inverted.pdf", inverted.pdf);
    REQUIRE(ri.inventory.images.size() == 1);
    CHECK(ri.inventory.images[0].color_space == "DeviceCMYK");
    const check::RenderedArea inverted_page = ri.pdf->render(50);
    const check::RenderedArea plain_page = plain.pdf->render(50);
    REQUIRE(inverted_page.raster.rgb.size() == plain_page.raster.rgb.size());
    double difference = 0;
    for (std::size_t i = 0; i < plain_page.raster.rgb.size(); ++i)
        difference += std::abs(int(plain_page.raster.rgb[i]) - int(inverted_page.raster.rgb[i]));
    CHECK(difference / static_cast<double>(plain_page.raster.rgb.size()) < 3);
    // Without the Decode array the inverted samples would show a negative.
    CHECK(darkest(inverted_page, Rect{0.5_in, 11.5_in, 0.3_in, 0.3_in}) > 225);

    // The RGB variant.
    options.adobe_inverted = false;
    options.color = fixtures::FlatColor::rgb;
    const ReadBack rgb = read_back(dir, "rgb.pdf", fixtures::flatten_to_jpeg(placed, options).pdf);
    REQUIRE(rgb.inventory.images.size() == 1);
    CHECK(rgb.inventory.images[0].color_space == "DeviceRGB");
    CHECK(rgb.inventory.images[0].width_px == 750);

    options.quality = 0;
    CHECK_THROWS_AS(fixtures::flatten_to_jpeg(placed, options), ValueError);
}

TEST_CASE("KDP's calculator template: its page rounded to points and its text layer",
          "[fixtures]") {
    TempDir dir;
    // PRINTERS.md section 7's example: 8 x 10 in, 48 pages on white: 16.358 x 10.250 in
    // (16.358096 by the formula, 1177.78 pt: the page is 1178 pt).
    const BookSpec book{Binding::paperback, Size{8_in, 10_in}, 48, "white"};
    const auto kdp = fixtures::kdp_template(book);
    const ReadBack r = read_back(dir, "kdp.pdf", kdp.pdf);
    const Size page = r.pdf->page_size();
    CHECK(abs(page.width - Length::from_pt(1178)) <= 0.001_in);
    CHECK(abs(page.height - Length::from_pt(738)) <= 0.001_in);
    CHECK(abs(page.width - in(16.358096)) <= Length::from_decimal("0.4", Unit::pt));
    INFO(r.text);
    for (const char* line :
         {"Paperback Book", "Cover Template - Left to Right", "8\" x 10\" Book",
          "16.358\" x 10.250\" Overall Dimensions", "0.108\" Spine Width", "Black & White",
          "48 Pages", "White Paper", "Black Solid Line = Trim Size",
          "Blue Dashed Line = Spine Fold", "White Area = Live Area", "Red Area = Out of Live/Bleed",
          "Barcode Location & Size 2.000\" x 1.200\"",
          "REMOVE THIS TEMPLATE LAYER FROM FINAL ARTWORK."}) {
        CHECK_THAT(r.text, Contains(line));
    }
    // The spine folds (dashed blue) at 0.125 + 8 and 0.125 + 8 + 0.108096 in.
    CHECK(has_vertical_mark(r.inventory, 8.125_in, 0.002_in));
    CHECK(has_vertical_mark(r.inventory, in(8.233096), 0.002_in));

    const auto german = fixtures::kdp_template(book, fixtures::KdpLanguage::german);
    const ReadBack de = read_back(dir, "kdp-de.pdf", german.pdf);
    INFO(de.text);
    for (const char* line : {"16.358\" x 10.250\" Gesamtabmessungen", "0.108\" Buchrückenbreite",
                             "48 Seiten", "Weißes Papier", "Schwarz-Weiß"}) {
        CHECK_THAT(de.text, Contains(line));
    }
    CHECK_THROWS_AS(
        fixtures::kdp_template(BookSpec{Binding::case_laminate, Size{6_in, 9_in}, 250, "white"}),
        ValueError);
}

TEST_CASE("a KDP cover with the template layer left visible", "[fixtures]") {
    TempDir dir;
    const BookSpec book{Binding::paperback, Size{6_in, 9_in}, 300, "white"};
    const std::string cover = fixtures::podcover_cover("kdp", book);
    const ReadBack visible = read_back(
        dir, "visible.pdf", fixtures::overlay_template(cover, fixtures::kdp_template(book)));
    CHECK(abs(visible.pdf->page_size().width - 12.9256_in) <= 0.001_in);
    CHECK(abs(visible.pdf->page_size().height - 9.25_in) <= 0.001_in);
    INFO(visible.text);
    CHECK_THAT(visible.text, Contains("REMOVE THIS TEMPLATE LAYER FROM FINAL ARTWORK.") &&
                                 Contains("12.926\" x 9.250\" Overall Dimensions") &&
                                 Contains("Salt Road"));
    // The red zone is over the art: the top bleed turns red, the live area keeps the art.
    const ReadBack alone = read_back(dir, "cover.pdf", cover);
    const check::RenderedArea with = visible.pdf->render(50);
    const check::RenderedArea without = alone.pdf->render(50);
    auto redness = [](const check::RenderedArea& area, Length x, Length y) {
        const auto span = area.raster.span(area.on_raster(Rect{x, y, 0.02_in, 0.02_in}));
        const std::uint8_t* p = area.raster.pixel(span.x0, span.y0);
        return int(p[0]) - int(p[1]);
    };
    CHECK(redness(with, 3_in, 0.08_in) > redness(without, 3_in, 0.08_in) + 40);
    CHECK(redness(with, 3_in, 3_in) == redness(without, 3_in, 3_in));
}

TEST_CASE("a page rounded to whole points, as Illustrator exports it", "[fixtures]") {
    TempDir dir;
    const std::string cover = fixtures::podcover_cover(
        "kdp", BookSpec{Binding::paperback, Size{6_in, 9_in}, 300, "white"});
    const std::string rounded = fixtures::round_page_to_points(cover);
    // 12.9256 x 9.25 in is 930.6432 x 666 pt: the page is 931 x 666.
    const ReadBack r = read_back(dir, "rounded.pdf", rounded);
    CHECK(r.pdf->page_size().width == Length::from_pt(931));
    CHECK(r.pdf->page_size().height == Length::from_pt(666));
    CHECK(abs(r.pdf->page_size().width - 12.9256_in) <= Length::from_decimal("0.5", Unit::pt));
    QPDF pdf;
    pdf.processMemoryFile("rounded", rounded.data(), rounded.size());
    QPDFObjectHandle page = QPDFPageDocumentHelper(pdf).getAllPages().at(0).getObjectHandle();
    for (const char* key : {"/MediaBox", "/TrimBox", "/BleedBox"}) {
        INFO(key);
        REQUIRE(page.getKey(key).isArray());
        for (int i = 0; i < 4; ++i)
            CHECK(page.getKey(key).getArrayItem(i).isInteger());
    }
    // The TrimBox (9 pt inside the page: 0.125 in) stays where it was, to the point.
    CHECK(page.getKey("/TrimBox").getArrayItem(0).getIntValue() == 9);
    CHECK(page.getKey("/TrimBox").getArrayItem(2).getIntValue() == 922);  // 930.6432 - 9
}

TEST_CASE("named fixtures: every name makes a PDF, an unknown one names the nearest",
          "[fixtures]") {
    const auto& catalog = fixtures::fixture_catalog();
    CHECK(catalog.size() >= 15);
    fixtures::FlattenOptions low;
    low.pixels_per_inch = 30;
    for (const char* name : {"ingramspark-template-perfect-bound", "kdp-template-de",
                             "ingramspark-on-template-perfect-bound-canva"}) {
        const std::string pdf = fixtures::make_fixture(name, low);
        CHECK(pdf.starts_with("%PDF-"));
    }
    CHECK_THROWS_WITH(fixtures::make_fixture("kdp-templat", low),
                      Contains("did you mean kdp-template?"));
}
