// Printers' templates (PRINTERS.md §7): recognised from their text, their book facts read, and
// podcover's geometry compared with them. The pages are built from §7's exact strings and the
// positions of IngramSpark's three measured templates, split into words as Poppler's
// TextOutputDev gives them.
#include "podcover/check/printer_template.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "support.hpp"

namespace podcover::check {
namespace {

using namespace podcover::literals;

// A page's text and drawing, built in inches.
struct Page {
    Size size;
    std::vector<Word> words;
    std::vector<Shape> shapes;

    // A line of text whose top-left corner is at (x, top), split at spaces into words half an
    // em wide per character, a quarter em apart. Rotation 1 runs down the page from (x, top).
    void text(std::string_view line, double x, double top, double font_pt = 8, int rotation = 0) {
        const double em = font_pt / 72;
        double along = 0;
        std::size_t start = 0;
        while (start < line.size()) {
            std::size_t end = line.find(' ', start);
            if (end == std::string_view::npos)
                end = line.size();
            const std::string word(line.substr(start, end - start));
            // Characters, not bytes: UTF-8 continuation bytes do not advance.
            const auto characters = std::count_if(word.begin(), word.end(), [](char c) {
                return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
            });
            const double length = static_cast<double>(characters) * em / 2;
            const Rect box =
                rotation == 1 ? rect(x, top + along, em, length) : rect(x + along, top, length, em);
            Word w;
            w.text = word;
            w.box = box;
            w.rotation = rotation;
            w.font_size_pt = font_pt;
            // The baseline a fifth of an em above the box's far edge across the line.
            w.baseline = rotation == 1 ? box.left() + box.width / 5 : box.bottom() - box.height / 5;
            words.push_back(std::move(w));
            along += length + em / 4;
            start = end + 1;
        }
    }
    // The same, with `y` measured up from the page's bottom edge, as §7 gives IngramSpark's.
    void text_up(std::string_view line, double x, double y, double font_pt = 8) {
        text(line, x, size.height.in() - y - font_pt / 72, font_pt);
    }
    // Stroked hairlines, §7's way: x across and y up from the bottom edge.
    void vertical_mark(double x, double y_from, double y_to) {
        shapes.push_back(Shape{rect(x, size.height.in() - y_to, 0, y_to - y_from), false});
    }
    void horizontal_mark(double y, double x_from, double x_to) {
        shapes.push_back(Shape{rect(x_from, size.height.in() - y, x_to - x_from, 0), false});
    }

    static Rect rect(double x, double y, double width, double height) {
        auto length = [](double in) {
            return Length::from_units(static_cast<Length::rep>(in * 1e6 + (in < 0 ? -0.5 : 0.5)) *
                                      (Length::units_per_in / 1'000'000));
        };
        return Rect{length(x), length(y), length(width), length(height)};
    }
};

const FieldComparison* field(const TemplateComparison& comparison, std::string_view name) {
    for (const auto& f : comparison.fields) {
        if (f.field == name)
            return &f;
    }
    return nullptr;
}

std::vector<std::string> difference_fields(const TemplateComparison& comparison) {
    std::vector<std::string> names;
    for (const auto& f : comparison.differences())
        names.push_back(f.field);
    return names;
}

bool has_label(const std::vector<TemplateLabel>& labels, std::string_view phrase) {
    return std::any_of(labels.begin(), labels.end(),
                       [&](const TemplateLabel& l) { return l.phrase == phrase; });
}

// KDP's Cover Calculator template for an 8 x 10 in paperback of 48 pages on white paper, in
// §7's words. The page is the cover rounded to whole points: 16.358096 in is 1177.78 pt, so
// 1178 x 738 pt.
Page kdp_template(const std::string& pages_line = "48 Pages",
                  const std::string& overall = "16.358\" x 10.250\" Overall Dimensions",
                  const std::string& spine = "0.108\" Spine Width") {
    Page page{Size{Length::from_pt(1178), Length::from_pt(738)}, {}, {}};
    const double x = 9.2;  // the front cover, right of the spine
    page.text("Paperback Book", x, 1.0, 14);
    page.text("Cover Template - Left to Right", x, 1.3, 10);
    page.text("8\" x 10\" Book", x, 1.6, 10);
    page.text(overall, x, 1.9, 10);
    page.text(spine, x, 2.2, 10);
    page.text("Black & White", x, 2.5, 10);
    page.text(pages_line, x, 2.8, 10);
    page.text("White Paper", x, 3.1, 10);
    page.text("Black Solid Line = Trim Size", x, 3.6, 8);
    page.text("Blue Dashed Line = Spine Fold", x, 3.8, 8);
    page.text("White Area = Live Area", x, 4.0, 8);
    page.text("Red Area = Out of Live/Bleed", x, 4.2, 8);
    page.text("Barcode Location & Size 2.000\" x 1.200\"", 5.0, 8.0, 8);
    page.text("REMOVE THIS TEMPLATE LAYER FROM FINAL ARTWORK.", x, 5.0, 12);
    // The trim and fold lines KDP draws across the cover are long: not marks.
    page.shapes.push_back(Shape{Page::rect(0.125, 0.125, 16.108, 10), false});
    page.shapes.push_back(Shape{Page::rect(8.125, 0, 0, 10.25), false});
    return page;
}

TEST_CASE("a KDP Cover Calculator template is read and matches podcover", "[check][template]") {
    // podcover's own numbers for the book: 48 x 0.002252 in [KDP-H].
    const Layout layout = test::layout_of("kdp", Binding::paperback, "8x10in", 48, "white");
    CHECK(layout.spine_width == 0.108096_in);
    CHECK(layout.sheet == Size{16.358096_in, 10.25_in});

    const Page page = kdp_template();
    const auto facts = read_printer_template(page.size, page.words, page.shapes);
    REQUIRE(facts);
    CHECK(facts->printer_id == "kdp");
    REQUIRE(facts->binding);
    CHECK(*facts->binding == Binding::paperback);
    REQUIRE(facts->trim);
    CHECK(facts->trim->size() == Size{8_in, 10_in});
    CHECK(facts->pages == 48);
    CHECK(facts->paper == "White");
    CHECK(facts->content_type == "Black & White");
    CHECK(facts->paper_id == "white");
    REQUIRE(facts->spine_width);
    CHECK(facts->spine_width->value == 0.108_in);
    CHECK(facts->spine_width->text == "0.108\"");
    CHECK(facts->spine_width->rounding == 0.0005_in);
    REQUIRE(facts->overall_size);
    CHECK(facts->overall_size->size() == Size{16.358_in, 10.25_in});
    CHECK(facts->overall_size->height.text == "10.250\"");
    CHECK(facts->cover_size() == Size{16.358_in, 10.25_in});
    CHECK(facts->page == page.size);
    CHECK_FALSE(facts->artwork_area);
    CHECK(has_label(facts->labels, "REMOVE THIS TEMPLATE LAYER FROM FINAL ARTWORK"));
    CHECK(has_label(facts->labels, "Overall Dimensions"));
    CHECK(has_label(facts->labels, "Barcode Location"));

    const auto comparison = compare_with_podcover(*facts, test::printer("kdp"));
    INFO(comparison.notes.size());
    CHECK(comparison.laid_out);
    CHECK(comparison.matches);
    CHECK(comparison.differences().empty());
    CHECK(comparison.paper_id == "white");
    CHECK(comparison.notes.empty());
    const FieldComparison* spine = field(comparison, "spine_width");
    REQUIRE(spine);
    CHECK(spine->template_text == "0.108\"");
    CHECK(spine->podcover_value == 0.108096_in);
    CHECK(spine->podcover_text == "0.108096 in");
    CHECK(spine->tolerance == "±0.0005 in: printed to 0.001 in");
    REQUIRE(field(comparison, "cover_width"));
    CHECK(field(comparison, "cover_width")->podcover_value == 16.358096_in);
    CHECK(field(comparison, "cover_height")->matches);
    // The page, rounded to whole points, is 0.22 pt wider than the formula: within tolerance.
    const FieldComparison* page_width = field(comparison, "page_width");
    REQUIRE(page_width);
    CHECK(page_width->matches);
    CHECK(page_width->tolerance.starts_with("±0.5 pt: KDP's calculator rounds the PDF page"));
    CHECK(field(comparison, "page_height")->matches);
}

TEST_CASE("a KDP template whose numbers are not its book's differs, number by number",
          "[check][template]") {
    SECTION("the page count is 60, the numbers are 48 pages'") {
        const Page page = kdp_template("60 Pages");
        const auto facts = read_printer_template(page.size, page.words, page.shapes);
        REQUIRE(facts);
        const auto comparison = compare_with_podcover(*facts, test::printer("kdp"));
        CHECK(comparison.laid_out);
        CHECK_FALSE(comparison.matches);
        CHECK(difference_fields(comparison) ==
              std::vector<std::string>{"spine_width", "cover_width", "page_width"});
        CHECK(field(comparison, "spine_width")->podcover_value == 0.13512_in);
        CHECK(field(comparison, "spine_width")->template_value == 0.108_in);
        CHECK(field(comparison, "cover_width")->podcover_value == 16.38512_in);
    }
    SECTION("one thousandth off the spine is a difference") {
        const Page page = kdp_template("48 Pages", "16.358\" x 10.250\" Overall Dimensions",
                                       "0.109\" Spine Width");
        const auto facts = read_printer_template(page.size, page.words, page.shapes);
        REQUIRE(facts);
        const auto comparison = compare_with_podcover(*facts, test::printer("kdp"));
        CHECK(difference_fields(comparison) == std::vector<std::string>{"spine_width"});
    }
    SECTION("a page a point wider than the rounded cover is a difference") {
        Page page = kdp_template();
        page.size.width = Length::from_pt(1179);  // 1.22 pt over the formula
        const auto facts = read_printer_template(page.size, page.words, page.shapes);
        REQUIRE(facts);
        const auto comparison = compare_with_podcover(*facts, test::printer("kdp"));
        CHECK(difference_fields(comparison) == std::vector<std::string>{"page_width"});
    }
}

TEST_CASE("KDP template text is read with typographic quotes, inches and rotated labels",
          "[check][template]") {
    Page page{Size{Length::from_pt(1178), Length::from_pt(738)}, {}, {}};
    page.text("Paperback Book", 9, 1.0, 14);
    page.text("8\u2033 \u00D7 10\u2033 Book", 9, 1.4, 10);
    page.text("16.358\u201D \u00D7 10.250\u201D Overall Dimensions (415.49 x 260.35 mm)", 9, 1.7,
              10);
    page.text("48 Pages", 9, 2.0, 10);
    page.text("Cream Paper", 9, 2.3, 10);
    page.text("Black & White", 9, 2.6, 10);
    // On the spine, running down it.
    page.text("0.108 in Spine Width", 8.12, 3.0, 6, 1);
    const auto facts = read_printer_template(page.size, page.words, page.shapes);
    REQUIRE(facts);
    CHECK(facts->printer_id == "kdp");
    REQUIRE(facts->trim);
    CHECK(facts->trim->size() == Size{8_in, 10_in});
    REQUIRE(facts->overall_size);
    CHECK(facts->overall_size->size() == Size{16.358_in, 10.25_in});
    REQUIRE(facts->spine_width);
    CHECK(facts->spine_width->value == 0.108_in);
    CHECK(facts->paper == "Cream");
    CHECK(facts->paper_id == "cream");
    // The book is cream, whose spine is 48 x 0.0025 = 0.12 in: the template's numbers are
    // white paper's.
    const auto comparison = compare_with_podcover(*facts, test::printer("kdp"));
    CHECK(field(comparison, "spine_width")->podcover_value == 0.12_in);
    CHECK_FALSE(comparison.matches);
}

TEST_CASE("a German KDP template is read, its trim found from its overall size",
          "[check][template]") {
    SECTION("black and white on white, 48 pages") {
        Page page{Size{Length::from_pt(1178), Length::from_pt(738)}, {}, {}};
        page.text("16,358\" x 10,250\" Gesamtabmessungen", 9, 1.7, 10);
        page.text("0,108\" Buchrückenbreite", 9, 2.0, 10);
        page.text("48 Seiten", 9, 2.3, 10);
        page.text("Weißes Papier", 9, 2.6, 10);
        page.text("Schwarz-Weiß", 9, 2.9, 10);
        const auto facts = read_printer_template(page.size, page.words, page.shapes);
        REQUIRE(facts);
        CHECK(facts->printer_id == "kdp");
        CHECK_FALSE(facts->binding);
        CHECK_FALSE(facts->trim);
        CHECK(facts->pages == 48);
        CHECK(facts->paper == "Weißes");
        CHECK(facts->content_type == "Schwarz-Weiß");
        CHECK(facts->paper_id == "white");
        REQUIRE(facts->spine_width);
        CHECK(facts->spine_width->value == 0.108_in);
        CHECK(facts->spine_width->text == "0,108\"");
        REQUIRE(facts->overall_size);
        CHECK(facts->overall_size->size() == Size{16.358_in, 10.25_in});
        CHECK(has_label(facts->labels, "Gesamtabmessungen"));
        CHECK(has_label(facts->labels, "Buchrückenbreite"));

        const auto comparison = compare_with_podcover(*facts, test::printer("kdp"));
        CHECK(comparison.matches);
        CHECK(comparison.binding == Binding::paperback);
        REQUIRE(comparison.trim);
        CHECK(*comparison.trim == Size{8_in, 10_in});
        REQUIRE(comparison.notes.size() == 1);
        CHECK(comparison.notes[0].find("its binding and its trim") != std::string::npos);
    }
    SECTION("standard color, 120 pages") {
        // 120 x 0.002252 = 0.27024 in; 16 + 0.27024 + 0.25 = 16.52024 in [KDP-H].
        Page page{Size{Length::from_pt(1189), Length::from_pt(738)}, {}, {}};
        page.text("8\" x 10\" Buch", 9, 1.4, 10);
        page.text("Gesamtabmessungen: 16,520\" x 10,250\"", 9, 1.7, 10);
        page.text("Buchrückenbreite: 0,270\"", 9, 2.0, 10);
        page.text("120 Seiten", 9, 2.3, 10);
        page.text("Weißes Papier", 9, 2.6, 10);
        page.text("Standardfarbe", 9, 2.9, 10);
        const auto facts = read_printer_template(page.size, page.words, page.shapes);
        REQUIRE(facts);
        CHECK(facts->paper_id == "standard-color");
        CHECK(facts->trim->size() == Size{8_in, 10_in});
        const auto comparison = compare_with_podcover(*facts, test::printer("kdp"));
        CHECK(comparison.matches);
        CHECK(comparison.differences().empty());
    }
}

TEST_CASE("KDP's A4 standard-color template at 68 pages matches, noted UNVERIFIED",
          "[check][template]") {
    // KDP's calculator made A4 standard-color templates at 68 pages [KDP-CALC]; the help's
    // table offers neither, so podcover accepts them with an UNVERIFIED note (PRINTERS.md §1).
    Page page{Size{Length::from_pt(1220), Length::from_pt(860)}, {}, {}};
    page.text("Paperback Book", 9, 1.0, 14);
    page.text("8.27\" x 11.69\" Book", 9, 1.4, 10);
    page.text("16.943\" x 11.940\" Overall Dimensions", 9, 1.7, 10);
    page.text("0.153\" Spine Width", 9, 2.0, 10);
    page.text("Standard Color", 9, 2.3, 10);
    page.text("68 Pages", 9, 2.6, 10);
    page.text("White Paper", 9, 2.9, 10);
    const auto facts = read_printer_template(page.size, page.words, page.shapes);
    REQUIRE(facts);
    CHECK(facts->paper_id == "standard-color");
    const auto comparison = compare_with_podcover(*facts, test::printer("kdp"));
    INFO(comparison.notes.size());
    CHECK(comparison.laid_out);
    CHECK(comparison.matches);
    CHECK(comparison.differences().empty());
}

TEST_CASE("a KDP template podcover refuses is a difference with podcover's reason",
          "[check][template]") {
    // 900 pages of white at 8 x 10 in: KDP's table stops at 828.
    Page page{Size{Length::from_pt(1300), Length::from_pt(738)}, {}, {}};
    page.text("Paperback Book", 9, 1.0, 14);
    page.text("8\" x 10\" Book", 9, 1.4, 10);
    page.text("18.277\" x 10.250\" Overall Dimensions", 9, 1.7, 10);
    page.text("2.027\" Spine Width", 9, 2.0, 10);
    page.text("Black & White", 9, 2.3, 10);
    page.text("900 Pages", 9, 2.6, 10);
    page.text("White Paper", 9, 2.9, 10);
    const auto facts = read_printer_template(page.size, page.words, page.shapes);
    REQUIRE(facts);
    TemplateComparison comparison;
    REQUIRE_NOTHROW(comparison = compare_with_podcover(*facts, test::printer("kdp")));
    CHECK_FALSE(comparison.laid_out);
    CHECK_FALSE(comparison.matches);
    CHECK_FALSE(comparison.refusals.empty());
    REQUIRE(comparison.differences().size() == 1);
    const FieldComparison book = comparison.differences()[0];
    CHECK(book.field == "book");
    CHECK(book.template_text.find("900 pages") != std::string::npos);
    CHECK(book.podcover_text.starts_with("not offered: "));
    CHECK(book.podcover_text.find(comparison.refusals[0].message) != std::string::npos);
}

// IngramSpark's templates for a 5.5 x 8.5 in book of 238 pages, as measured (§7): marks in the
// white margin, the info block below the artwork, the spine width under the spine.
struct IngramSparkTemplate {
    const char* heading;
    Size document;
    std::vector<double> marks_x;
    std::vector<double> marks_y;
    double margin_top;     // where the vertical marks are drawn, up from the bottom edge
    double margin_bottom;  // below the artwork
    std::string paper;
    std::string spine_label;
};

Page ingramspark_page(const IngramSparkTemplate& t, const std::string& page_count = "238") {
    Page page{t.document, {}, {}};
    const double width = t.document.width.in(), height = t.document.height.in();
    for (double x : t.marks_x) {
        page.vertical_mark(x, t.margin_bottom - 0.35, t.margin_bottom - 0.1);
        if (t.margin_top < height)
            page.vertical_mark(x, t.margin_top + 0.1, std::min(height, t.margin_top + 0.35));
    }
    const double left = t.marks_x.front(), right = t.marks_x.back();
    for (double y : t.marks_y) {
        page.horizontal_mark(y, left - 0.6, left - 0.3);
        page.horizontal_mark(y, right + 0.3, std::min(width, right + 0.45));
    }
    // Not marks: dashes of the safe line inside the artwork, a rule of the info block, the
    // barcode box.
    for (double x = left + 0.3; x < left + 1.5; x += 0.2)
        page.horizontal_mark(t.marks_y.back() - 0.25, x, x + 0.1);
    page.horizontal_mark(1.1, 0.3, 0.9);
    page.shapes.push_back(
        Shape{Page::rect(left + 1, height - t.margin_bottom - 1.5, 1.75, 1), false});

    // The heading and the instructions at the bottom, right of the info block.
    page.text_up(t.heading, width / 2 + 1, 0.3, 7);
    page.text_up("Document Size: The overall cover document size for this template is shown in",
                 width / 2 + 1, 0.6, 6);
    double y = t.margin_bottom - 0.6;
    const std::vector<std::string> info{
        "Content Type: Black & White", "Paper Type: " + t.paper,
        "Page Count: " + page_count,   "ISBN: 978-1-23456-789-7",
        "Trim Size: 5.5x8.5",          "File Type: PDF",
        "Request ID: 1234567",         "Bleed Artwork Dimensions: 5.750 x 8.750"};
    for (const auto& line : info) {
        page.text_up(line, 0.3, y, 7);
        y -= 0.15;
    }
    // Under each panel its size, under the spine its width.
    const std::size_t n = t.marks_x.size();
    const double spine_centre = (t.marks_x[n / 2 - 1] + t.marks_x[n / 2]) / 2;
    page.text_up("5.50 x 8.50 (139.70 x 215.90 mm)", spine_centre - 4.2, t.margin_bottom - 0.3, 7);
    page.text_up("5.50 x 8.50 (139.70 x 215.90 mm)", spine_centre + 1.8, t.margin_bottom - 0.3, 7);
    page.text_up(t.spine_label, spine_centre - 0.1, t.margin_bottom - 0.3, 7);
    return page;
}

const IngramSparkTemplate perfect_bound{
    "Perfect Bound Cover Template \u00B7 Document Size: 15\" x 12\" \u00B7 305 x 381mm \u00B7 PS1",
    Size{15_in, 12_in},
    {2.834, 8.334, 8.875, 14.375},
    {3.375, 11.875},
    12.0,
    3.25,
    "Creme",
    "0.541"};
const IngramSparkTemplate case_laminate{
    "Case Laminate Cover Template \u00B7 Document Size: 18\" x 12.5\"",
    Size{18_in, 12.5_in},
    {3.807, 4.432, 9.747, 10.247, 11.0605, 11.5605, 16.875, 17.500},
    {2.000, 2.6244, 11.3744, 12.000},
    12.0,
    2.0,
    "White",
    "0.8125"};
const IngramSparkTemplate dust_jacket{
    "Dust Jacket Cover Template \u00B7 Document Size: 24\" x 12.5\"",
    Size{24_in, 12.5_in},
    {3.1869, 6.4369, 6.6869, 12.6244, 13.4375, 19.375, 19.625, 22.875},
    {3.125, 11.875},
    12.0,
    3.0,
    "White",
    "0.8125"};

// §7's artwork area, given up from the bottom edge, as a rectangle from the top-left corner.
void check_artwork_area(const TemplateFacts& facts, double left, double right, double bottom,
                        double top) {
    REQUIRE(facts.artwork_area);
    const Rect& area = *facts.artwork_area;
    const double height = facts.page.height.in();
    INFO("artwork area " << area.left().in() << ", " << area.top().in() << " to "
                         << area.right().in() << ", " << area.bottom().in());
    const double thousandth = 0.001 + 1e-9;
    CHECK(std::abs(area.left().in() - left) <= thousandth);
    CHECK(std::abs(area.right().in() - right) <= thousandth);
    CHECK(std::abs(area.top().in() - (height - top)) <= thousandth);
    CHECK(std::abs(area.bottom().in() - (height - bottom)) <= thousandth);
}

TEST_CASE("IngramSpark's perfect-bound template is read and matches podcover",
          "[check][template]") {
    const Page page = ingramspark_page(perfect_bound);
    const auto facts = read_printer_template(page.size, page.words, page.shapes);
    REQUIRE(facts);
    CHECK(facts->printer_id == "ingramspark");
    CHECK(facts->binding == Binding::paperback);
    REQUIRE(facts->trim);
    CHECK(facts->trim->size() == Size{5.5_in, 8.5_in});
    CHECK(facts->pages == 238);
    CHECK(facts->paper == "Creme");
    CHECK(facts->content_type == "Black & White");
    CHECK(facts->paper_id == "cream");
    CHECK(facts->isbn == "9781234567897");
    REQUIRE(facts->spine_width);
    CHECK(facts->spine_width->value == 0.541_in);
    REQUIRE(facts->document_size);
    CHECK(facts->document_size->size() == Size{15_in, 12_in});
    REQUIRE(facts->panel_bleed_size);
    CHECK(facts->panel_bleed_size->size() == Size{5.75_in, 8.75_in});
    CHECK_FALSE(facts->overall_size);
    REQUIRE(facts->marks);
    CHECK(facts->marks->x == std::vector<Length>{2.834_in, 8.334_in, 8.875_in, 14.375_in});
    // §7: x 2.709-14.500, y 3.2506-12.000 (11.791 x 8.75), flush with the top edge.
    check_artwork_area(*facts, 2.709, 14.500, 3.2506, 12.000);
    CHECK(facts->artwork_area->size() == Size{11.791_in, 8.75_in});
    CHECK(facts->cover_size() == Size{11.791_in, 8.75_in});
    CHECK(has_label(facts->labels, "Bleed Artwork Dimensions"));
    CHECK(has_label(facts->labels, "Perfect Bound Cover Template"));

    const auto comparison = compare_with_podcover(*facts, test::printer("ingramspark"));
    CHECK(comparison.matches);
    CHECK(comparison.differences().empty());
    for (const char* name :
         {"spine_width", "cover_width", "cover_height", "panel_width", "panel_height"})
        CHECK(field(comparison, name));
    CHECK(field(comparison, "spine_width")->podcover_value == 0.541_in);
    CHECK(field(comparison, "spine_width")->tolerance.starts_with("-0.0005 in to +0.0025 in"));
    CHECK(field(comparison, "cover_width")->podcover_value == 11.791_in);
    CHECK(field(comparison, "panel_width")->podcover_value == 5.75_in);
    CHECK_FALSE(field(comparison, "page_width"));
}

TEST_CASE("an IngramSpark template read for another page count differs where it should",
          "[check][template]") {
    // The template is 238 pages' (spine 0.541); podcover lays out 250 pages: 0.5669 -> 0.567.
    const Page page = ingramspark_page(perfect_bound, "250");
    const auto facts = read_printer_template(page.size, page.words, page.shapes);
    REQUIRE(facts);
    CHECK(facts->pages == 250);
    const auto comparison = compare_with_podcover(*facts, test::printer("ingramspark"));
    CHECK(comparison.laid_out);
    CHECK_FALSE(comparison.matches);
    CHECK(difference_fields(comparison) == std::vector<std::string>{"spine_width", "cover_width"});
    CHECK(field(comparison, "spine_width")->podcover_value == 0.567_in);
    CHECK(field(comparison, "cover_width")->podcover_value == 11.817_in);
    CHECK(field(comparison, "cover_width")->template_value == 11.791_in);
}

TEST_CASE("IngramSpark's case-laminate template: the outermost marks are the wrap's edges",
          "[check][template]") {
    const Page page = ingramspark_page(case_laminate);
    const auto facts = read_printer_template(page.size, page.words, page.shapes);
    REQUIRE(facts);
    CHECK(facts->binding == Binding::case_laminate);
    CHECK(facts->document_size->size() == Size{18_in, 12.5_in});
    // "White" is 50# or 70# white: the template does not say which.
    CHECK(facts->paper_id.empty());
    CHECK(facts->paper_candidates == std::vector<std::string>{"white", "white-70"});
    REQUIRE(facts->spine_width);
    CHECK(facts->spine_width->value == 0.8125_in);
    // §7: x 3.807-17.501, y 2.000-12.000 (13.694 x 10.0).
    check_artwork_area(*facts, 3.807, 17.501, 2.000, 12.000);

    const auto comparison = compare_with_podcover(*facts, test::printer("ingramspark"));
    CHECK(comparison.matches);
    CHECK(comparison.paper_id == "white-70");
    REQUIRE(comparison.notes.size() == 1);
    CHECK(comparison.notes[0].find("which paper \"White\" is") != std::string::npos);
    // 2 x 5.5 + 0.8125 + 1.88 = 13.6925 in (§4); the marks are 13.693 apart.
    CHECK(field(comparison, "cover_width")->podcover_value == 13.6925_in);
    CHECK(field(comparison, "cover_width")->template_value == 13.693_in);
    CHECK(field(comparison, "cover_height")->podcover_value == 10_in);
    CHECK_FALSE(field(comparison, "panel_width"));
}

TEST_CASE("IngramSpark's dust-jacket template: trim marks extended by the bleed",
          "[check][template]") {
    const Page page = ingramspark_page(dust_jacket);
    const auto facts = read_printer_template(page.size, page.words, page.shapes);
    REQUIRE(facts);
    CHECK(facts->binding == Binding::dust_jacket);
    CHECK(facts->document_size->size() == Size{24_in, 12.5_in});
    // §7: x 3.0624-23.000, y 3.000-12.000 (19.938 x 9.0).
    check_artwork_area(*facts, 3.0624, 23.000, 3.000, 12.000);
    const auto comparison = compare_with_podcover(*facts, test::printer("ingramspark"));
    CHECK(comparison.matches);
    CHECK(comparison.paper_id == "white-70");
    // 2 x 5.5 + 0.8125 + 8.125 = 19.9375 in (§4).
    CHECK(field(comparison, "cover_width")->podcover_value == 19.9375_in);
    CHECK(field(comparison, "cover_height")->podcover_value == 9_in);

    SECTION("a 50# white jacket (spine 0.5625) does not match the template") {
        Page white_50 = ingramspark_page(dust_jacket);
        for (auto& word : white_50.words) {
            if (word.text == "White")
                word.text = "White 50#";
        }
        const auto facts_50 = read_printer_template(white_50.size, white_50.words, white_50.shapes);
        REQUIRE(facts_50);
        CHECK(facts_50->paper_id == "white");
        const auto differs = compare_with_podcover(*facts_50, test::printer("ingramspark"));
        CHECK(difference_fields(differs) == std::vector<std::string>{"spine_width", "cover_width"});
        CHECK(field(differs, "spine_width")->podcover_value == 0.5625_in);
    }
}

TEST_CASE("IngramSpark templates whose marks cannot be read", "[check][template]") {
    SECTION("no marks: no artwork area, the spine read between the panels' labels") {
        Page page = ingramspark_page(perfect_bound);
        page.shapes.clear();
        const auto facts = read_printer_template(page.size, page.words, page.shapes);
        REQUIRE(facts);
        CHECK_FALSE(facts->artwork_area);
        CHECK_FALSE(facts->marks);
        REQUIRE_FALSE(facts->notes.empty());
        REQUIRE(facts->spine_width);
        CHECK(facts->spine_width->value == 0.541_in);
        const auto comparison = compare_with_podcover(*facts, test::printer("ingramspark"));
        CHECK(comparison.matches);
        CHECK_FALSE(field(comparison, "cover_width"));
    }
    SECTION("marks for another binding") {
        IngramSparkTemplate mixed = perfect_bound;
        mixed.marks_x = case_laminate.marks_x;
        const Page page = ingramspark_page(mixed);
        const auto facts = read_printer_template(page.size, page.words, page.shapes);
        REQUIRE(facts);
        CHECK_FALSE(facts->artwork_area);
        REQUIRE_FALSE(facts->notes.empty());
        CHECK(facts->notes.back().find("8 across and 2 down") != std::string::npos);
    }
}

TEST_CASE("template labels are found, ordinary cover text is not", "[check][template]") {
    const Page kdp = kdp_template();
    const auto labels = template_labels(kdp.words);
    CHECK(has_label(labels, "REMOVE THIS TEMPLATE LAYER FROM FINAL ARTWORK"));
    CHECK(has_label(labels, "Overall Dimensions"));
    CHECK(has_label(labels, "Spine Width"));
    CHECK(has_label(labels, "Cover Template - Left to Right"));
    CHECK(has_label(labels, "Black Solid Line = Trim Size"));
    const auto remove = std::find_if(labels.begin(), labels.end(), [](const TemplateLabel& l) {
        return l.phrase == "REMOVE THIS TEMPLATE LAYER FROM FINAL ARTWORK";
    });
    REQUIRE(remove != labels.end());
    CHECK(remove->text == "REMOVE THIS TEMPLATE LAYER FROM FINAL ARTWORK.");
    CHECK(remove->box.left() == Page::rect(9.2, 0, 0, 0).left());
    CHECK(std::abs(remove->box.top().in() - 5.0) < 1e-6);

    const Page ingramspark = ingramspark_page(perfect_bound);
    const auto is_labels = template_labels(ingramspark.words);
    CHECK(has_label(is_labels, "Bleed Artwork Dimensions"));
    CHECK(has_label(is_labels, "Paper Type"));
    CHECK(has_label(is_labels, "Perfect Bound Cover Template"));
    CHECK(has_label(is_labels, "Trim Size"));

    Page cover{Size{12.385_in, 9.25_in}, {}, {}};
    cover.text("THE SPINE OF THE STORY", 7, 1, 24);
    cover.text("Size matters, and so does the spine of the story.", 0.5, 2, 10);
    cover.text("Trim the sails: a safe area for every live area of the heart", 0.5, 2.3, 10);
    cover.text("The overall dimensions of grief, measured in a document size of one", 0.5, 2.6, 10);
    cover.text("Safe Area", 7, 4, 30);
    cover.text("Spine Width", 7, 5, 30);
    cover.text("Page Count", 7, 6, 30);
    cover.text("$14.99", 0.5, 8, 10);
    CHECK(template_labels(cover.words).empty());
    CHECK_FALSE(read_printer_template(cover.size, cover.words, cover.shapes));

    // One label left on a cover is found, though the page is no template.
    cover.text("REMOVE THIS TEMPLATE LAYER FROM FINAL ARTWORK.", 7, 7, 12);
    CHECK(template_labels(cover.words).size() == 1);
    CHECK_FALSE(read_printer_template(cover.size, cover.words, cover.shapes));
}

}  // namespace

TEST_CASE("a line of fifty thousand digits on a template page is not read as a label",
          "[check][template][regression]") {
    // The reader's number patterns backtrack: a hostile line once took minutes (4,000 digits
    // 4.4 s, 20,000 past the check's deadline) and 50,000 overflowed the stack.
    Page page{Size{15_in, 12_in}, {}, {}};
    page.text("Overall Dimensions: 12\" x 9\"", 1, 1);
    page.text("Spine Width: 0.5\"", 1, 1.5);
    page.text(std::string(50'000, '7'), 1, 2);
    std::optional<TemplateFacts> facts;
    REQUIRE_NOTHROW(facts = read_printer_template(page.size, page.words, page.shapes));
    REQUIRE(facts.has_value());
    CHECK(facts->spine_width->value == 0.5_in);
}

}  // namespace podcover::check
