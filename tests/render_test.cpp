// The renderer, checked the way a printer would: our PDFs read back through Poppler (page
// size, boxes, fonts, text positions, metadata), the barcode scanned by zbar from Poppler's
// rendering, the JPEG's bytes found in the PDF, the proof's pixels, and the same bytes on a
// second run.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-font.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <cairo-pdf.h>
#include <hb-ot.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <nlohmann/json.hpp>
#include <qpdf/Pl_Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "podcover/check/checker.hpp"
#include "podcover/check/cover_pdf.hpp"
#include "podcover/check/printer_template.hpp"
#include "podcover/errors.hpp"
#include "podcover/render/cover.hpp"
#include "podcover/render/guide_layer.hpp"
#include "podcover/render/proof.hpp"
#include "podcover/render/render_job.hpp"
#include "run_podcover.hpp"
#include "support.hpp"

using namespace podcover;
using namespace podcover::literals;
using namespace podcover::render;
namespace fs = std::filesystem;
using Catch::Contains;
using podcover::test::sample_job;
using podcover::test::slurp;
using podcover::test::TempDir;
using podcover::test::write;

namespace {

// The sample book, rendered once for the tests that only read its files.
struct Rendered {
    TempDir dir;
    RenderReport report;
    Job job;
};
const Rendered& sample() {
    static Rendered* rendered = [] {
        auto* r = new Rendered;
        r->job = read_job_file(sample_job);
        r->report = render_job(r->job, test::both_printers(), r->dir.path);
        return r;
    }();
    return *rendered;
}

const Layout& layout_for(const RenderReport& report, const std::string& printer) {
    for (const auto& layout : report.layouts) {
        if (layout.printer_id == printer)
            return layout;
    }
    FAIL("no layout for " << printer);
    return report.layouts.front();
}

fs::path output(const RenderReport& report, const std::string& kind, const std::string& printer) {
    for (const auto& file : report.outputs) {
        if (file.kind == kind && file.printer == printer)
            return file.path;
    }
    FAIL("no " << kind << " output for " << printer);
    return {};
}

std::unique_ptr<poppler::document> open_pdf(const fs::path& path) {
    std::unique_ptr<poppler::document> document(poppler::document::load_from_file(path.string()));
    REQUIRE(document != nullptr);
    return document;
}

// A Poppler rectangle (points, origin top-left) as a Rect.
Rect rect_of(const poppler::rectf& r) {
    auto length = [](double points) {
        return Length::from_units(
            static_cast<Length::rep>(std::llround(points * Length::units_per_pt)));
    };
    return Rect{length(r.x()), length(r.y()), length(r.width()), length(r.height())};
}

Rect grown(const Rect& r, Length by) {
    return Rect{r.x - by, r.y - by, r.width + by * 2, r.height + by * 2};
}

// The words of a PDF's first page with their ink, as the checker reads it (each glyph's
// outline, from the embedded font), in inches from the page's top-left corner: for podcover's
// covers, the sheet's coordinates.
std::vector<check::Word> inked_words(const fs::path& pdf) {
    // Poppler's C++ wrapper, which the other tests here use, sets up Poppler's global settings
    // while any of its documents is open and drops them when the last one closes; the checker
    // sets them up once per process. One of the wrapper's documents held open keeps them.
    const auto settings = open_pdf(pdf);
    const auto cover = check::CoverPdf::open(pdf, check::Deadline::after(std::chrono::minutes(1)));
    std::vector<check::Word> words = cover->inventory().words;
    for (const auto& word : words) {
        INFO("'" << word.text << "'");
        REQUIRE(word.ink.has_value());
    }
    return words;
}

// Text is placed by its ink, measured from the glyphs' control boxes, which hold the outlines
// the checker bounds (in EB Garamond and Lato they are within 0.01 pt of them). Cairo writes
// glyph positions to a thousandth of an em: a 46 pt title's lie within 0.023 pt of where they
// were placed.
const Length ink_slack = 0.03_pt;

// Pure alarm red, as the proof strokes it; no cover colour comes near it.
int red_pixels(cairo_surface_t* surface, int x0, int x1) {
    cairo_surface_flush(surface);
    const int width = cairo_image_surface_get_width(surface),
              height = cairo_image_surface_get_height(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    const unsigned char* data = cairo_image_surface_get_data(surface);
    int count = 0;
    for (int y = 0; y < height; ++y) {
        const auto* row =
            reinterpret_cast<const uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
        for (int x = std::max(0, x0); x < std::min(width, x1); ++x) {
            const uint32_t p = row[x];
            const unsigned r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
            if (r >= 240 && g <= 40 && b <= 40)
                ++count;
        }
    }
    return count;
}

// The pixels of an image surface in a box of columns and rows (clipped to the image) that
// `match` accepts, given their red, green, blue and alpha (RGB24: alpha 255).
template <class Match>
int pixels_where(cairo_surface_t* surface, int x0, int x1, int y0, int y1, Match match) {
    cairo_surface_flush(surface);
    const int width = cairo_image_surface_get_width(surface),
              height = cairo_image_surface_get_height(surface);
    const bool alpha = cairo_image_surface_get_format(surface) == CAIRO_FORMAT_ARGB32;
    const int stride = cairo_image_surface_get_stride(surface);
    const unsigned char* data = cairo_image_surface_get_data(surface);
    int count = 0;
    for (int y = std::max(0, y0); y < std::min(height, y1); ++y) {
        const auto* row =
            reinterpret_cast<const uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
        for (int x = std::max(0, x0); x < std::min(width, x1); ++x) {
            const uint32_t p = row[x];
            if (match((p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF, alpha ? p >> 24 : 255u))
                ++count;
        }
    }
    return count;
}

// Whether a pixel is within `tolerance` of a colour in each channel.
auto near_color(const Color& color, unsigned tolerance = 30) {
    return [=](unsigned r, unsigned g, unsigned b, unsigned) {
        auto near = [&](unsigned value, double channel) {
            return std::abs(static_cast<int>(value) -
                            static_cast<int>(std::lround(channel * 255))) <=
                   static_cast<int>(tolerance);
        };
        return near(r, color.red) && near(g, color.green) && near(b, color.blue);
    };
}

// libxml2's strings are unsigned.
const xmlChar* xml(const char* text) {
    return reinterpret_cast<const xmlChar*>(text);
}

// A page's words, as Poppler reads them, joined by spaces.
std::string page_text(const poppler::page& page) {
    std::string text;
    for (const auto& box : page.text_list()) {
        const auto utf8 = box.text().to_utf8();
        text += std::string(utf8.begin(), utf8.end()) + " ";
    }
    return text;
}

}  // namespace

// ---- job files -------------------------------------------------------------------------

TEST_CASE("the sample job file reads", "[render][job]") {
    const Job job = read_job_file(sample_job);
    CHECK(job.title == "The Salt Road");
    CHECK(job.authors == std::vector<std::string>{"Ann Author"});
    CHECK(job.isbn == "978-0-306-40615-7");
    CHECK(job.trim == Size{6_in, 9_in});
    CHECK(job.pages == 300);
    CHECK(job.paper_for("kdp") == "white");
    CHECK(job.name == "salt-road");
    CHECK(job.art.wrap == sample_job.parent_path() / "art" / "wrap.jpg");
    CHECK(job.spine.lines == std::vector<std::string>{"THE SALT ROAD", "ANN AUTHOR"});
    CHECK(job.barcode_policy("kdp") == BarcodePolicy::leave_clear);
    CHECK(job.barcode_policy("ingramspark") == BarcodePolicy::print);
    CHECK(job.color_for("ingramspark") == ColorMode::cmyk);
    CHECK(job.color_for("kdp") == ColorMode::rgb);
    CHECK(job.where("art.wrap") ==
          sample_job.string() + ":" + std::to_string(job.key_lines.at("art.wrap")) + ": art.wrap");
}

TEST_CASE("job-file errors name the file, line and key, and the fix", "[render][job][errors]") {
    TempDir dir;
    const fs::path path = dir.path / "book.toml";
    const std::string base = "title = \"T\"\ntrim = \"6x9in\"\npages = 300\npaper = \"white\"\n";
    auto error_of = [&](const std::string& text) {
        write(path, text);
        try {
            read_job_file(path);
        } catch (const InputError& error) {
            return std::string(error.what());
        }
        FAIL("the job was accepted");
        return std::string();
    };
    REQUIRE_NOTHROW(parse_job(base, path));
    CHECK(error_of(base + "titel = \"x\"\n") ==
          path.string() + ":5: top level: unknown key 'titel'; did you mean 'title'?");
    CHECK(error_of(base + "[back]\ncopy = \"x\"\nalign = \"justified\"\n") ==
          path.string() +
              ":7: back.align: unknown alignment 'justified': use justify, left, center or right");
    CHECK(parse_job(base + "[back]\nalign = \"right\"\n", path).back.align == Align::right);
    CHECK(parse_job(base, path).direction == ReadingDirection::left_to_right);
    CHECK(parse_job(base + "direction = \"rtl\"\n", path).direction ==
          ReadingDirection::right_to_left);
    CHECK(error_of(base + "direction = \"right-to-left\"\n") ==
          path.string() +
              ":5: direction: unknown direction 'right-to-left': use ltr (left to right) or rtl "
              "(right to left)");
    CHECK_THAT(error_of(base + "isbn = \"978-0-306-40615-8\"\n"),
               Catch::StartsWith(path.string() + ":5: isbn: ") && Contains("check digit"));
    CHECK_THAT(error_of(base + "[colors]\ntext = \"white\"\n"),
               Contains(":6: colors.text: 'white' is not a colour: write #rrggbb"));
    CHECK_THAT(
        error_of(base + "[art]\nwrap = \"missing.jpg\"\n"),
        Contains(":6: art.wrap: image " + (dir.path / "missing.jpg").string() + " not found"));
    CHECK_THAT(error_of("title = \"T\"\npaper = \"white\"\n"), Contains("give the trim and pages"));
    CHECK_THAT(error_of("title = \"T\"\ntrim = \"6x9in\"\npages = 300\n"),
               Contains("give the paper"));
    CHECK_THAT(error_of(base + "[spine]\ndirection = \"upwards\"\n"),
               Contains("use top-to-bottom or bottom-to-top"));
    CHECK(error_of(base + "[spine]\nmargin = \"wide\"\n") ==
          path.string() +
              ":6: spine.margin: unknown margin 'wide': use printer (each printer's clearance "
              "from the folds) or safe (that plus the fold variance)");
    CHECK(parse_job(base + "[spine]\nmargin = \"safe\"\n", path).spine.margin == SpineMargin::safe);
    CHECK(parse_job(base, path).spine.margin == SpineMargin::printer);
    CHECK_THAT(error_of(base + "pages = 0\n"), Contains("not valid TOML"));  // a duplicate key
    CHECK_THAT(error_of("title = \"T\"\ntrim = \"6x9in\"\npages = 0\npaper = \"white\"\n"),
               Contains(":3: pages: 0 is out of range"));
    CHECK_THAT(error_of(base + "price = \"EUR 12.00\"\n"), Contains(":5: price: "));
    CHECK_THAT(error_of(base + "[fonts]\ntitel = \"serif\"\n"),
               Contains("fonts: unknown key 'titel'; did you mean 'title'?"));
    write(dir.path / "a.jpg", "not a jpeg");
    CHECK_THAT(error_of(base + "[art]\nwrap = \"a.jpg\"\nfront = \"a.jpg\"\n"),
               Contains("give one wrap image or front"));
}

// ---- the cover PDFs --------------------------------------------------------------------

TEST_CASE("each cover is exactly the printer's full wrap, with TrimBox and BleedBox",
          "[render][pdf]") {
    const auto& report = sample().report;
    for (const std::string printer : {"kdp", "ingramspark"}) {
        INFO(printer);
        const Layout& layout = layout_for(report, printer);
        const auto document = open_pdf(output(report, "cover", printer));
        REQUIRE(document->pages() == 1);
        const std::unique_ptr<poppler::page> page(document->create_page(0));
        const auto media = page->page_rect(poppler::media_box);
        CHECK(media.width() == Approx(layout.sheet.width.pt()).margin(0.01));
        CHECK(media.height() == Approx(layout.sheet.height.pt()).margin(0.01));
        const auto bleed = page->page_rect(poppler::bleed_box);
        CHECK(bleed.x() == Approx(0).margin(0.01));
        CHECK(bleed.width() == Approx(layout.sheet.width.pt()).margin(0.01));
        CHECK(bleed.height() == Approx(layout.sheet.height.pt()).margin(0.01));
        const Rect& trim = layout.at("trim").rect;
        const auto trim_box = page->page_rect(poppler::trim_box);
        CHECK(trim_box.x() == Approx(trim.x.pt()).margin(0.01));
        CHECK(trim_box.y() ==
              Approx(trim.y.pt()).margin(0.01));  // symmetric bleed: same from either edge
        CHECK(trim_box.width() == Approx(trim.width.pt()).margin(0.01));
        CHECK(trim_box.height() == Approx(trim.height.pt()).margin(0.01));
    }
    // The sample's numbers: 12.9256 x 9.25 in and 12.879 x 9.25 in.
    CHECK(layout_for(report, "kdp").sheet == Size{12.9256_in, 9.25_in});
    CHECK(layout_for(report, "ingramspark").sheet == Size{12.879_in, 9.25_in});
}

TEST_CASE("every font is embedded", "[render][pdf]") {
    for (const std::string printer : {"kdp", "ingramspark"}) {
        const auto document = open_pdf(output(sample().report, "cover", printer));
        const auto fonts = document->fonts();
        CHECK(fonts.size() >= 3);
        for (const auto& font : fonts) {
            INFO(printer << ": " << font.name());
            CHECK(font.is_embedded());
            CHECK(font.is_subset());
        }
    }
}

TEST_CASE("text lies inside the safe areas, and spine text clears both folds", "[render][pdf]") {
    const auto& report = sample().report;
    for (const std::string printer : {"kdp", "ingramspark"}) {
        INFO(printer);
        const Layout& layout = layout_for(report, printer);
        const auto words = inked_words(output(report, "cover", printer));
        REQUIRE(words.size() > 40);
        const std::vector<Rect> allowed = {grown(layout.at("back-safe").rect, ink_slack),
                                           grown(layout.at("front-safe").rect, ink_slack),
                                           grown(layout.at("spine-text").rect, ink_slack)};
        int spine_words = 0;
        for (const auto& word : words) {
            const Rect& r = *word.ink;
            INFO("'" << word.text << "' at " << r.x.format(Unit::in, 4) << ", "
                     << r.y.format(Unit::in, 4) << " to " << r.right().format(Unit::in, 4) << ", "
                     << r.bottom().format(Unit::in, 4));
            CHECK(std::any_of(allowed.begin(), allowed.end(),
                              [&](const Rect& a) { return a.contains(r); }));
            if (word.rotation == 1 || word.rotation == 3) {
                ++spine_words;
                // The sample's spine is wide enough for its 16 pt spine text to keep the fold
                // variance clear as well as the printer's clearance.
                const Length needed =
                    layout.spine_text_clearance + layout.fold_variance - ink_slack;
                CHECK(r.left() - layout.at("spine").rect.left() >= needed);
                CHECK(layout.at("spine").rect.right() - r.right() >= needed);
            }
        }
        CHECK(spine_words == 5);  // THE SALT ROAD, ANN AUTHOR
        // The printer barcode area stays clear of the back copy.
        const Rect& code = layout.at("barcode").rect;
        for (const auto& word : words) {
            if (word.text.find_first_not_of("0123456789-ISBN ") == std::string::npos)
                continue;  // the barcode's own digits
            CHECK_FALSE(word.ink->overlaps(code));
        }
    }
}

TEST_CASE("text is placed by its ink, and the plan records the ink", "[render][pdf][ink]") {
    const auto& report = sample().report;
    const Job& job = sample().job;
    Resources resources(job);
    std::vector<const Layout*> layouts;
    for (const auto& layout : report.layouts)
        layouts.push_back(&layout);
    const SharedDesign shared = share_design(job, layouts, resources);
    REQUIRE(shared.spine_text.has_value());
    const auto& spine = *shared.spine_text;
    for (const Layout& layout : report.layouts) {
        INFO(layout.printer_id);
        const CoverPlan plan = compose_cover(job, layout, shared, resources);
        const auto words = inked_words(output(report, "cover", layout.printer_id));
        std::map<std::string, Rect> elements;
        for (const auto& element : plan.elements) {
            if (element.kind == Element::Kind::text)
                elements.emplace(element.label, element.rect);
        }
        // Each recorded line is the ink of the words drawn inside it, to the slack.
        int lines = 0;
        for (const auto& [label, rect] : elements) {
            INFO(label);
            std::optional<Rect> ink;
            for (const auto& word : words) {
                const Rect& w = *word.ink;
                const Length cx = w.x + w.width / 2, cy = w.y + w.height / 2;
                if (cx >= rect.left() && cx <= rect.right() && cy >= rect.top() &&
                    cy <= rect.bottom()) {
                    ink = ink ? check::combined_ink(ink, word.ink) : word.ink;
                }
            }
            REQUIRE(ink.has_value());
            ++lines;
            for (const Length gap : {ink->left() - rect.left(), rect.right() - ink->right(),
                                     ink->top() - rect.top(), rect.bottom() - ink->bottom()}) {
                CHECK(abs(gap) < ink_slack);
            }
        }
        CHECK(lines >= 10);
        // The spine lines' ink spans the length both printers' spines allow, centred in this
        // one's spine-text area: the first line's ink starts at its head end, the last's ends
        // at its foot end; across, the ink stays inside the fitted extent.
        const Rect& area = layout.at("spine-text").rect;
        const Length start = area.top() + (area.height - spine.usable_length) / 2;
        const Rect& head = elements.at("spine text line 1");
        const Rect& foot = elements.at("spine text line 2");
        CHECK(abs(head.top() - start) < 0.001_pt);
        CHECK(abs(foot.bottom() - (start + spine.usable_length)) < 0.001_pt);
        const Length centre = layout.at("spine").rect.x + layout.at("spine").rect.width / 2;
        for (const Rect* line : {&head, &foot}) {
            CHECK(line->left() >= centre - spine.usable_width / 2);
            CHECK(line->right() <= centre + spine.usable_width / 2);
        }
        // Left-aligned copy starts its ink at the left edge of the back's text area (the
        // printer's safe area, inside every printer's margin): the back footer.
        const Rect back = layout.at("back-safe")
                              .rect.intersection(layout.at("back").rect.inset(shared.safe_margin))
                              .value();
        const Rect& footer = elements.at("back footer");
        CHECK(abs(footer.left() - back.left()) < 0.001_pt);
        CHECK(footer.bottom() <= back.bottom());
    }
}

TEST_CASE("spine text has one size on both covers", "[render][pdf]") {
    std::vector<double> heights;
    for (const std::string printer : {"kdp", "ingramspark"}) {
        const auto document = open_pdf(output(sample().report, "cover", printer));
        const std::unique_ptr<poppler::page> page(document->create_page(0));
        for (const auto& box : page->text_list(0)) {
            if (box.rotation() == 1)
                heights.push_back(box.bbox().width());
        }
    }
    REQUIRE(heights.size() == 10);
    for (double h : heights)
        CHECK(h == Approx(heights.front()));
}

// ---- spine text on thin books ----------------------------------------------------------

namespace {

// A book with the sample's words (spine lines "The Salt Road" and "Ann Author") in the job's
// colours, on other stock; `spine` is more of the [spine] table.
Job book_job(const TempDir& dir, const std::string& trim, int pages, const std::string& paper,
             const std::string& spine = "") {
    const fs::path path = dir.path / "thin.toml";
    write(path, "title = \"The Salt Road\"\nauthors = [\"Ann Author\"]\ntrim = \"" + trim +
                    "\"\npages = " + std::to_string(pages) + "\npaper = \"" + paper +
                    "\"\nisbn = \"978-0-306-40615-7\"\n[spine]\n" + spine);
    return read_job_file(path);
}

// The size share_design fits the spine text at for these layouts; none when it sets none.
std::optional<double> spine_size(const Job& job, const RenderReport& report) {
    Resources resources(job);
    std::vector<const Layout*> layouts;
    for (const auto& layout : report.layouts)
        layouts.push_back(&layout);
    const SharedDesign shared = share_design(job, layouts, resources);
    if (!shared.spine_text)
        return std::nullopt;
    return shared.spine_text->style.size_pt;
}

// The ink of the cover's spine words (those set along the spine), read back by the checker.
std::vector<Rect> spine_ink(const fs::path& pdf) {
    std::vector<Rect> ink;
    for (const auto& word : inked_words(pdf)) {
        if (word.rotation == 1 || word.rotation == 3)
            ink.push_back(*word.ink);
    }
    return ink;
}

std::string lines_of(const std::vector<std::string>& lines) {
    std::string all;
    for (const auto& line : lines)
        all += line + "\n";
    return all;
}

}  // namespace

TEST_CASE("thin books get spine text, its ink inside every printer's spine-text area",
          "[render][spine]") {
    struct Book {
        std::string trim;
        int pages;
        std::string paper;
        double size_pt;
        std::string legend;
    };
    // Across, the narrower spine-text area is KDP's: 0.3 in less 2 x 1/16 in = 0.175 in, and
    // 0.2027 in less 2 x 1/16 in = 0.0777 in. The spine font's full height is 1.0746 times its
    // size: 11.7 and 5.2 pt (a tenth below the limit). At 5.2 pt the ink comes within 1/16 in
    // of IngramSpark's fold, inside its 1/32 in clearance on a spine under 0.35 in.
    for (const Book& book :
         {Book{"5x8in", 120, "cream", 11.7,
               "Spine text clears every fold's variance band by at least 0.0051 in on every "
               "stock."},
          Book{"6x9in", 90, "white", 5.2,
               "Spine text enters a fold's variance band by 0.0026 in, inside every printer's "
               "spine-text area (the printers' clearance allows for the variance; spine.margin "
               "= \"safe\" keeps text out of the band)."}}) {
        INFO(book.trim << " " << book.pages << " " << book.paper);
        TempDir dir;
        const Job job = book_job(dir, book.trim, book.pages, book.paper);
        const RenderReport report = render_job(job, test::both_printers(), dir.path / "out");
        CHECK_THAT(lines_of(report.warnings), !Contains("spine text"));
        REQUIRE(spine_size(job, report).has_value());
        CHECK(*spine_size(job, report) == Approx(book.size_pt));
        CHECK_THAT(lines_of(report.proof_legend), Contains(book.legend));
        for (const std::string printer : {"kdp", "ingramspark"}) {
            INFO(printer);
            const Layout& layout = layout_for(report, printer);
            const std::vector<Rect> ink = spine_ink(output(report, "cover", printer));
            CHECK(ink.size() == 5);  // The Salt Road, Ann Author
            const Rect area = grown(layout.at("spine-text").rect, ink_slack);
            for (const Rect& r : ink) {
                INFO(r.x.format(Unit::in, 4) << " to " << r.right().format(Unit::in, 4));
                CHECK(area.contains(r));
            }
            // What `podcover check` says of it: nothing about the spine text.
            check::CheckRequest request;
            request.file = output(report, "cover", printer);
            request.printers = {&test::printer(printer)};
            request.hints =
                check::BookHints{Binding::paperback, *job.trim, book.pages, book.paper, {}, {}};
            const auto checked = check::CoverCheck::run(request);
            for (const auto& finding : checked->report().printers.front().findings) {
                INFO(finding.code << ": " << finding.message);
                CHECK(finding.code.rfind("spine-text", 0) != 0);
                CHECK(finding.severity != Severity::error);
            }
        }
    }
}

TEST_CASE("spine.margin = \"safe\" keeps the fold variance clear as well", "[render][spine]") {
    // 5 x 8 in, 140 pages on cream: KDP's spine is 0.35 in, IngramSpark's 0.327 in (clearance
    // 1/32 in below 0.35 in). Across: 0.225 in by the printers' clearance, 15 pt; 0.1 in keeping
    // the variance too, 6.7 pt.
    TempDir dir;
    const Job printer_margin = book_job(dir, "5x8in", 140, "cream");
    const RenderReport wide =
        render_job(printer_margin, test::both_printers(), dir.path / "printer");
    REQUIRE(spine_size(printer_margin, wide).has_value());
    CHECK(*spine_size(printer_margin, wide) == Approx(15.0));

    const Job safe = book_job(dir, "5x8in", 140, "cream", "margin = \"safe\"\n");
    const RenderReport report = render_job(safe, test::both_printers(), dir.path / "safe");
    REQUIRE(spine_size(safe, report).has_value());
    CHECK(*spine_size(safe, report) == Approx(6.7));
    for (const std::string printer : {"kdp", "ingramspark"}) {
        INFO(printer);
        const Layout& layout = layout_for(report, printer);
        const Rect& spine = layout.at("spine").rect;
        const Length needed = layout.spine_text_clearance + layout.fold_variance - ink_slack;
        const std::vector<Rect> ink = spine_ink(output(report, "cover", printer));
        CHECK(ink.size() == 5);
        for (const Rect& r : ink) {
            CHECK(r.left() - spine.left() >= needed);
            CHECK(spine.right() - r.right() >= needed);
        }
    }
    CHECK_THAT(lines_of(report.proof_legend),
               Contains("Spine text clears every fold's variance band by at least 0.0584 in"));
}

TEST_CASE("no spine text on too thin a spine, and the warning says why in numbers",
          "[render][spine]") {
    TempDir dir;
    // 6 x 9 in, 80 pages on white: KDP's spine 0.1802 in leaves 0.0552 in, room for 3.6 pt;
    // 4 pt needs 4 x 1.0746 pt = 0.0597 in.
    const Job thin = book_job(dir, "6x9in", 80, "white");
    const RenderReport report = render_job(thin, test::both_printers(), dir.path / "thin");
    CHECK_FALSE(spine_size(thin, report).has_value());
    CHECK_THAT(lines_of(report.warnings),
               Contains("no spine text: KDP's spine, 0.1802 in, less its 0.0625 in clearance at "
                        "each fold, leaves 0.0552 in across, where the spine text fits at 3.6 pt; "
                        "the least size podcover sets, 4 pt, needs 0.0597 in across (a spine of "
                        "0.1847 in); shorter spine.lines would not help\n"));
    CHECK(spine_ink(output(report, "cover", "kdp")).empty());

    // The 120-page cream book keeping the variance clear: 0.05 in, 3.3 pt; by the printers'
    // clearance it would be 11.7 pt.
    const Job safe = book_job(dir, "5x8in", 120, "cream", "margin = \"safe\"\n");
    const RenderReport strict = render_job(safe, test::both_printers(), dir.path / "safe");
    CHECK_FALSE(spine_size(safe, strict).has_value());
    CHECK_THAT(lines_of(strict.warnings),
               Contains("no spine text: KDP's spine, 0.3 in, less its 0.0625 in clearance and "
                        "0.0625 in fold variance (spine.margin = \"safe\") at each fold, leaves "
                        "0.05 in across, where the spine text fits at 3.3 pt; the least size "
                        "podcover sets, 4 pt, needs 0.0597 in across (a spine of 0.3097 in); "
                        "shorter spine.lines would not help; with spine.margin = \"printer\" "
                        "(each printer's own clearance) it would be 11.7 pt\n"));

    // Lines too long for the spine, which is wide enough: shortening them helps.
    std::string long_line;
    for (int i = 0; i < 12; ++i)
        long_line += (i ? " " : "") + std::string("THE LONG SALT ROAD OF THE COAST");
    const Job wordy = book_job(dir, "5x8in", 200, "cream", "lines = [\"" + long_line + "\"]\n");
    const RenderReport along = render_job(wordy, test::both_printers(), dir.path / "wordy");
    CHECK_THAT(lines_of(along.warnings),
               Contains("no spine text: along the spine's 7.5 in, spine.lines fit only at 2.5 pt, "
                        "below the least size podcover sets, 4 pt; shorten spine.lines\n"));
}

TEST_CASE("the barcode scans as the ISBN and its price add-on", "[render][pdf][barcode]") {
    const auto& report = sample().report;
    const Layout& layout = layout_for(report, "ingramspark");
    const auto document = open_pdf(output(report, "cover", "ingramspark"));
    const std::unique_ptr<poppler::page> page(document->create_page(0));
    // Poppler renders the barcode area (and a little around it) at 600 ppi; zbar reads it.
    const Rect area = grown(layout.at("barcode").rect, 0.1_in);
    poppler::page_renderer renderer;
    const double ppi = 600;
    const poppler::image image = renderer.render_page(
        page.get(), ppi, ppi, static_cast<int>(area.x.in() * ppi),
        static_cast<int>(area.y.in() * ppi), static_cast<int>(area.width.in() * ppi),
        static_cast<int>(area.height.in() * ppi));
    REQUIRE(image.is_valid());
    TempDir dir;
    const std::string png = (dir.path / "barcode.png").string();
    REQUIRE(image.save(png, "png"));
    const test::Run scan = test::run_process({"zbarimg", "--raw", "-q", "-Sean5.enable", png});
    INFO("zbarimg: " << scan.err);
    CHECK(scan.exit_code == 0);
    CHECK_THAT(scan.out, Contains("9780306406157"));
    CHECK_THAT(scan.out, Contains("51699"));  // USD 16.99
}

TEST_CASE("black marks are one ink: 100% K", "[render][pdf][barcode]") {
    // An RGB cover (IngramSpark's is CMYK unless asked otherwise: color_test.cpp).
    TempDir dir;
    RenderOptions options;
    options.color = ColorMode::rgb;
    const RenderReport report =
        render_job(sample().job, {&test::printer("ingramspark")}, dir.path, options);
    QPDF pdf;
    pdf.processFile(output(report, "cover", "ingramspark").c_str());
    auto page = QPDFPageDocumentHelper(pdf).getAllPages().at(0);
    Pl_Buffer buffer("contents");
    page.pipeContents(&buffer);
    const auto bytes = buffer.getBufferSharedPointer();
    const std::string contents(reinterpret_cast<const char*>(bytes->getBuffer()), bytes->getSize());
    // The barcode's bars and digits: Cairo's "0 0 0 rg" rewritten; other colours stay RGB.
    CHECK_THAT(contents, Contains("0 0 0 1 k"));
    CHECK_THAT(contents, !Contains("0 0 0 rg"));
    CHECK_THAT(contents, Contains("1 1 1 rg"));  // the white box
}

TEST_CASE("KDP's barcode area is left clear by default", "[render][pdf][barcode]") {
    const auto& report = sample().report;
    const Layout& layout = layout_for(report, "kdp");
    const auto document = open_pdf(output(report, "cover", "kdp"));
    const std::unique_ptr<poppler::page> page(document->create_page(0));
    for (const auto& box : page->text_list(0))
        CHECK_FALSE(rect_of(box.bbox()).overlaps(layout.at("barcode").rect));
}

TEST_CASE("JPEG art goes into the PDF as its own bytes", "[render][pdf]") {
    const std::string jpeg = slurp(sample_job.parent_path() / "art" / "wrap.jpg");
    REQUIRE(jpeg.size() > 10000);
    // KDP's RGB cover; IngramSpark's CMYK one re-encodes RGB art once (color_test.cpp).
    for (const std::string printer : {"kdp"}) {
        QPDF pdf;
        pdf.processFile(output(sample().report, "cover", printer).c_str());
        int found = 0;
        for (auto& page : QPDFPageDocumentHelper(pdf).getAllPages()) {
            for (auto& [name, image] : page.getImages()) {
                if (!image.getDict().getKey("/Filter").isNameAndEquals("/DCTDecode"))
                    continue;
                const auto raw = image.getRawStreamData();
                CHECK(std::string(reinterpret_cast<const char*>(raw->getBuffer()),
                                  raw->getSize()) == jpeg);
                ++found;
            }
        }
        CHECK(found == 1);
    }
}

TEST_CASE("both PDFs carry the same metadata; only PDF/X has dates", "[render][pdf]") {
    const auto kdp = open_pdf(output(sample().report, "cover", "kdp"));
    const auto ingram = open_pdf(output(sample().report, "cover", "ingramspark"));
    for (const char* key : {"Title", "Author", "Subject", "Creator", "Producer"}) {
        INFO(key);
        CHECK(kdp->info_key(key).to_latin1() == ingram->info_key(key).to_latin1());
    }
    CHECK(kdp->info_key("Title").to_latin1() == "The Salt Road: A Novel");
    CHECK(kdp->info_key("Author").to_latin1() == "Ann Author");
    CHECK(kdp->info_key("Subject").to_latin1() == "Cover, ISBN 9780306406157");
    CHECK(kdp->info_key("CreationDate").empty());
    CHECK(kdp->info_key("ModDate").empty());
    // PDF/X-1a requires both (ISO 15930-1): the newest input's time, so the same files give
    // the same bytes.
    CHECK_FALSE(ingram->info_key("CreationDate").empty());
}

TEST_CASE("the same job renders to the same bytes", "[render][pdf]") {
    TempDir again;
    const RenderReport report = render_job(sample().job, test::both_printers(), again.path);
    REQUIRE(report.outputs.size() == sample().report.outputs.size());
    for (std::size_t i = 0; i < report.outputs.size(); ++i) {
        INFO(report.outputs[i].path.filename().string());
        CHECK(slurp(report.outputs[i].path) == slurp(sample().report.outputs[i].path));
    }
}

TEST_CASE("without previews the same PDFs are written, and no PNG", "[render][pdf]") {
    // The PDFs are finished on other threads while the previews are drawn: with no previews
    // they must still be the same bytes.
    TempDir dir;
    RenderOptions options;
    options.previews = false;
    const RenderReport report = render_job(sample().job, test::both_printers(), dir.path, options);
    std::vector<std::string> names;
    for (const auto& out : report.outputs) {
        names.push_back(out.path.filename().string());
        INFO(names.back());
        CHECK(slurp(out.path) == slurp(sample().dir.path / out.path.filename()));
    }
    CHECK(names == std::vector<std::string>{"salt-road.kdp.pdf", "salt-road.ingramspark.pdf",
                                            "salt-road.proof.pdf"});
    for (const auto& entry : fs::directory_iterator(dir.path))
        CHECK(entry.path().extension() != ".png");
    CHECK(report.proof_legend == sample().report.proof_legend);
    for (const auto& color : report.colors)
        CHECK_THAT(describe(color), !Contains("preview"));
}

TEST_CASE("art below 300 ppi is reported with its effective resolution", "[render][warnings]") {
    TempDir dir;
    fs::create_directories(dir.path / "art");
    fs::copy_file(sample_job.parent_path() / "art" / "wrap.jpg", dir.path / "art" / "wrap.jpg");
    std::string text = slurp(sample_job);
    text.replace(text.find("trim = \"6x9in\""), 14, "trim = \"8.5x11in\"");
    write(dir.path / "big.toml", text);
    const RenderReport report =
        render_job(read_job_file(dir.path / "big.toml"), test::both_printers(), dir.path / "out");
    std::string warnings;
    for (const auto& w : report.warnings)
        warnings += w + "\n";
    // 3885 px over KDP's 17.9256 in: 216 ppi; 300 ppi needs 5378 x 3375 px.
    CHECK_THAT(warnings, Contains("KDP: wrap.jpg is 216 ppi on the KDP cover, below 300: it needs "
                                  "at least 5378 \xC3\x97 3375 px"));
}

// ---- the proof -------------------------------------------------------------------------

TEST_CASE("an element is flagged exactly when it enters a fold's variance band",
          "[render][proof]") {
    const Layout& layout = layout_for(sample().report, "kdp");
    const Length fold = layout.at("spine").rect.left();
    const Length v = layout.fold_variance;
    CoverPlan plan;
    plan.elements.push_back(
        {Element::Kind::text, "just clear", Rect{fold + v, 1_in, 0.1_in, 0.2_in}});
    plan.elements.push_back(
        {Element::Kind::text, "just in", Rect{fold + v - 0.001_in, 2_in, 0.1_in, 0.2_in}});
    plan.elements.push_back(
        {Element::Kind::edge, "edge at the fold", Rect{fold, 0_in, 0_in, 9_in}});
    plan.elements.push_back(
        {Element::Kind::text, "left, just clear", Rect{fold - v - 0.1_in, 3_in, 0.1_in, 0.2_in}});
    const auto flags = flag_elements(plan, proof_folds(layout, {}));
    std::vector<std::string> labels;
    for (const auto& flag : flags)
        labels.push_back(flag.element->label);
    CHECK(labels == std::vector<std::string>{"just in", "edge at the fold"});

    // The other printer's folds, mapped with the spine centres aligned.
    const Layout& other = layout_for(sample().report, "ingramspark");
    const auto folds = proof_folds(layout, {&other});
    REQUIRE(folds.size() == 4);
    const Length shift = (layout.spine_width - other.spine_width) / 2;  // 0.0233 in each side
    CHECK(folds[2].x == fold + shift);
    CHECK_FALSE(folds[2].own);
}

TEST_CASE("the proof is red exactly where the design comes too near a fold", "[render][proof]") {
    // The sample (wrap art, spine text fitted for both stocks): nothing red.
    CHECK(sample().report.proof_flagged == 0);
    const CairoSurface clean(cairo_image_surface_create_from_png(
        output(sample().report, "proof", "").replace_extension(".png").c_str()));
    REQUIRE(cairo_surface_status(clean.get()) == CAIRO_STATUS_SUCCESS);
    CHECK(red_pixels(clean.get(), 0, cairo_image_surface_get_width(clean.get())) == 0);

    // A spine coloured apart from the covers makes a hard edge at each fold: red, and only
    // around the folds.
    TempDir dir;
    std::string text = slurp(sample_job);
    text.replace(text.find("wrap = \"art/wrap.jpg\""), 21, "");
    text.replace(text.find("spine = \"#1f2a3a\""), 17, "spine = \"#7a1f2a\"");
    write(dir.path / "edges.toml", text);
    const RenderReport report =
        render_job(read_job_file(dir.path / "edges.toml"), test::both_printers(), dir.path / "out");
    CHECK(report.proof_flagged == 4);  // two edges on each of two covers
    const CairoSurface marked(
        cairo_image_surface_create_from_png((dir.path / "out" / "salt-road.proof.png").c_str()));
    REQUIRE(cairo_surface_status(marked.get()) == CAIRO_STATUS_SUCCESS);
    // The proof PNG: 100 ppi, a 0.3 in margin; KDP's spine from 6.125 in.
    const int spine_left = static_cast<int>((0.3 + 6.125) * 100),
              spine_right = static_cast<int>((0.3 + 6.8006) * 100);
    CHECK(red_pixels(marked.get(), spine_left - 10, spine_left + 10) > 100);
    CHECK(red_pixels(marked.get(), spine_right - 10, spine_right + 10) > 100);
    CHECK(red_pixels(marked.get(), 0, spine_left - 20) == 0);
    CHECK(red_pixels(marked.get(), spine_left + 20, spine_right - 20) == 0);
    std::string legend;
    for (const auto& line : report.proof_legend)
        legend += line + "\n";
    CHECK_THAT(
        legend,
        Contains(
            "Red: 2 within a fold's variance band: edge between back and spine (KDP fold-back)"));
}

TEST_CASE(
    "the proof's spine inset shows both fold pairs magnified, the clearances in numbers, "
    "and the text ghosted where drift puts it",
    "[render][proof][inset]") {
    const Job& job = sample().job;
    Resources resources(job);
    std::vector<const Layout*> layouts;
    for (const auto& layout : sample().report.layouts)
        layouts.push_back(&layout);
    const SharedDesign shared = share_design(job, layouts, resources);
    std::vector<CoverPlan> plans;
    for (const Layout* layout : layouts)
        plans.push_back(compose_cover(job, *layout, shared, resources));
    std::vector<ProofCover> covers;
    for (std::size_t i = 0; i < layouts.size(); ++i)
        covers.push_back({layouts[i], &plans[i]});
    const double ppi = 100;
    const ProofDocument proof = make_proof(covers, resources.fonts(), ppi);
    const ProofInset& inset = proof.inset;
    REQUIRE(inset.scale >= 4);
    REQUIRE(inset.panels.size() == 2);

    // The PDF: a page per cover, then the inset.
    const std::unique_ptr<poppler::document> document(poppler::document::load_from_raw_data(
        proof.pdf.data(), static_cast<int>(proof.pdf.size())));
    REQUIRE(document != nullptr);
    REQUIRE(document->pages() == 3);
    const std::unique_ptr<poppler::page> page(document->create_page(2));
    CHECK(page->page_rect(poppler::media_box).width() ==
          Approx(inset.page.width.pt()).margin(0.01));
    const std::string text = page_text(*page);
    CHECK_THAT(text, Contains("magnified " + std::to_string(inset.scale) + "\xC3\x97"));

    cairo_surface_t* png = proof.png.get();

    const Length variance = 0.0625_in;
    for (std::size_t i = 0; i < 2; ++i) {
        const Layout& own = *layouts[i];
        const Layout& other = *layouts[1 - i];
        const ProofInsetPanel& panel = inset.panels[i];
        INFO(own.printer_name);
        CHECK(panel.printer_name == own.printer_name);
        // The spine text's ink, from the plan.
        std::optional<Rect> ink;
        for (const auto& element : plans[i].elements) {
            if (element.label.rfind("spine text", 0) != 0)
                continue;
            const Rect& r = element.rect;
            ink =
                ink ? Rect::from_edges(min(ink->left(), r.left()), min(ink->top(), r.top()),
                                       max(ink->right(), r.right()), max(ink->bottom(), r.bottom()))
                    : r;
        }
        REQUIRE(ink.has_value());
        REQUIRE(panel.ink == ink);
        // The folds: its own, and the other printer's with the spine centres aligned.
        const Rect& spine = own.at("spine").rect;
        const Rect& other_spine = other.at("spine").rect;
        const Length shift =
            (spine.left() + spine.width / 2) - (other_spine.left() + other_spine.width / 2);
        const Length own_back = own.folds.at(0).x, own_front = own.folds.at(1).x;
        const Length other_back = other.folds.at(0).x + shift,
                     other_front = other.folds.at(1).x + shift;
        auto in = [](Length l) { return l.format_with_unit(Unit::in, 4); };
        auto clear = [&](Length gap) {
            return gap - variance >= Length() ? in(gap - variance) + " clear"
                                              : in(variance - gap) + " inside";
        };
        const Length a = ink->left() - own_back, b = own_front - ink->right();
        const Length c = ink->left() - other_back, d = other_front - ink->right();
        CHECK_THAT(text, Contains("To " + own.printer_name + "'s folds (solid): back " + in(a) +
                                  ", front " + in(b)));
        CHECK_THAT(text, Contains("their \xC2\xB1"
                                  "1/16 in bands: " +
                                  clear(a) + ", " + clear(b)));
        CHECK_THAT(text, Contains("To " + other.printer_name + "'s folds (dashed): back " + in(c) +
                                  ", front " + in(d)));
        CHECK_THAT(text, Contains("their \xC2\xB1"
                                  "1/16 in bands: " +
                                  clear(c) + ", " + clear(d)));
        // The drift between the pairs is the half-difference of the spines: 0.0233 in.
        CHECK(abs(abs(c - a) - 0.0233_in) < 0.0001_in);

        // The pixels: each fold's line where the inset's scale puts it, the two pairs apart.
        const int rows_top = inset.png_top + static_cast<int>(panel.placed.top().in() * ppi) + 2;
        const int rows = static_cast<int>(panel.placed.height.in() * ppi) - 4;
        auto column = [&](Length x) {
            return static_cast<int>(std::lround(
                (panel.placed.left() + (x - panel.window.left()) * inset.scale).in() * ppi));
        };
        const auto orange = near_color(Color::parse("#f4a261"));
        const auto purple = near_color(Color::parse("#8338ec"));
        for (const auto& [x, own_fold] : std::vector<std::pair<Length, bool>>{
                 {own_back, true}, {own_front, true}, {other_back, false}, {other_front, false}}) {
            INFO((own_fold ? "own fold at " : "other fold at ") << x.format(Unit::in, 4));
            const int col = column(x);
            const int on =
                own_fold ? pixels_where(png, col - 1, col + 2, rows_top, rows_top + rows, orange)
                         : pixels_where(png, col - 1, col + 2, rows_top, rows_top + rows, purple);
            // A solid line down the slice; a dashed one over more than half of it.
            CHECK(on > rows * (own_fold ? 9 : 5) / 10);
        }
        // At the scale the pairs stand apart: the drift, magnified, is at least 9 pixels.
        CHECK(std::abs(column(other_back) - column(own_back)) >= 9);
        CHECK(pixels_where(png, column(own_back) - 1, column(own_back) + 2, rows_top,
                           rows_top + rows, purple) < rows / 10);

        // The ghosts: the spine's text drawn twice more, shifted by the fold variance either
        // way (in points on the page: 1/16 in times the scale).
        std::vector<double> salt;
        for (const auto& box : page->text_list()) {
            const auto centre = box.bbox().x() + box.bbox().width() / 2;
            if (box.text().to_latin1() == "SALT" && centre >= panel.placed.left().pt() &&
                centre <= panel.placed.right().pt())
                salt.push_back(centre);
        }
        std::sort(salt.begin(), salt.end());
        REQUIRE(salt.size() == 3);
        CHECK(salt[1] - salt[0] == Approx((variance * inset.scale).pt()).margin(0.5));
        CHECK(salt[2] - salt[1] == Approx((variance * inset.scale).pt()).margin(0.5));
    }
    // The legend says it in a line per cover.
    std::string legend;
    for (const auto& line : proof.legend)
        legend += line + "\n";
    CHECK_THAT(legend, Contains("Spine inset, KDP's cover: text ink ") &&
                           Contains("from IngramSpark's nearest fold"));
}

// ---- interiors -------------------------------------------------------------------------

namespace {
// An interior PDF of `pages` pages of the given size, drawn with Cairo.
void make_interior(const fs::path& path, int pages, double width_pt, double height_pt) {
    const CairoSurface surface(cairo_pdf_surface_create(path.c_str(), width_pt, height_pt));
    const Cairo cr(cairo_create(surface.get()));
    for (int i = 0; i < pages; ++i)
        cairo_show_page(cr.get());
    cairo_surface_finish(surface.get());
    REQUIRE(cairo_surface_status(surface.get()) == CAIRO_STATUS_SUCCESS);
}
}  // namespace

TEST_CASE("an interior PDF gives the page count and trim", "[render][interior]") {
    TempDir dir;
    make_interior(dir.path / "interior.pdf", 301, 432, 648);  // 6 x 9 in, an odd count
    write(dir.path / "book.toml",
          "title = \"T\"\ninterior = \"interior.pdf\"\npages = 280\npaper = \"white\"\n");
    const Job job = read_job_file(dir.path / "book.toml");
    const BookFacts facts = book_facts(job, test::both_printers());
    CHECK(facts.pages == 301);
    CHECK(facts.trim == Size{6_in, 9_in});
    REQUIRE(facts.warnings.size() == 1);
    CHECK_THAT(facts.warnings[0],
               Contains("pages says 280, but interior.pdf has 301 pages: using the interior's"));
    const RenderReport report = render_job(job, test::both_printers(), dir.path / "out");
    CHECK(layout_for(report, "ingramspark").pages_printed == 302);  // IngramSpark adds a page
    CHECK(layout_for(report, "kdp").pages_printed == 301);
    std::string warnings;
    for (const auto& w : report.warnings)
        warnings += w + "\n";
    CHECK_THAT(
        warnings,
        Contains("IngramSpark prints an even number of pages: 301 pages are printed as 302"));

    // Pages of trim plus bleed, without a TrimBox, are taken at the trim.
    make_interior(dir.path / "bleed.pdf", 200, 432 + 9, 648 + 18);
    write(dir.path / "bleed.toml", "title = \"T\"\ninterior = \"bleed.pdf\"\npaper = \"white\"\n");
    const BookFacts bled =
        book_facts(read_job_file(dir.path / "bleed.toml"), test::both_printers());
    CHECK(bled.trim == Size{6_in, 9_in});
    CHECK_THAT(bled.warnings.at(0),
               Contains("bleed.pdf: pages of 6.125 \xC3\x97 9.25 in without a TrimBox, taken as a "
                        "6 \xC3\x97 9 in trim with bleed"));

    write(dir.path / "broken.pdf", "%PDF-1.4 this is not a PDF");
    write(dir.path / "broken.toml",
          "title = \"T\"\ninterior = \"broken.pdf\"\npaper = \"white\"\n");
    CHECK_THROWS_WITH(book_facts(read_job_file(dir.path / "broken.toml"), test::both_printers()),
                      Contains("broken.pdf: not a PDF podcover can read"));
}

// ---- the command line ------------------------------------------------------------------

TEST_CASE("render --json lists the outputs; bad jobs exit 3, refused books 1", "[render][cli]") {
    TempDir dir;
    const test::Run run = test::run_podcover(
        {"render", sample_job.string(), "-o", (dir.path / "out").string(), "--json"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto doc = nlohmann::json::parse(run.out);
    CHECK(doc.at("book").at("pages") == 300);
    CHECK(doc.at("book").at("binding") == "paperback");
    CHECK(doc.at("book").at("trim").at("width_in") == 6.0);
    REQUIRE(doc.at("outputs").size() == 6);
    std::set<std::string> kinds;
    for (const auto& out : doc.at("outputs")) {
        kinds.insert(out.at("kind").get<std::string>());
        CHECK(fs::exists(out.at("path").get<std::string>()));
        if (out.at("kind") == "cover" && out.at("printer") == "kdp") {
            CHECK(out.at("width_in") == 12.9256);
            CHECK(out.at("height_in") == 9.25);
            CHECK(out.at("paper") == "white");
        }
    }
    CHECK(kinds == std::set<std::string>{"cover", "preview", "proof"});
    CHECK(doc.at("warnings").is_array());
    // Remarks are notes, not warnings: the UNVERIFIED IngramSpark trim list among them.
    REQUIRE(doc.at("notes").size() == 1);
    CHECK_THAT(doc.at("notes").at(0).get<std::string>(),
               Contains("IngramSpark: the trim and paper list") && Contains("UNVERIFIED"));
    for (const auto& w : doc.at("warnings"))
        CHECK_THAT(w.get<std::string>(), !Contains("UNVERIFIED"));

    write(dir.path / "bad.toml",
          "title = \"T\"\ntrim = \"6x9in\"\npages = 300\npaper = \"white\"\nsubtitel = \"x\"\n");
    const test::Run bad = test::run_podcover(
        {"render", (dir.path / "bad.toml").string(), "-o", (dir.path / "out").string()});
    CHECK(bad.exit_code == 3);
    CHECK(bad.err == "podcover: " + (dir.path / "bad.toml").string() +
                         ":5: top level: unknown key 'subtitel'; did you mean 'subtitle'?\n");

    // A job whose only printer does not offer its binding: nothing to render.
    write(dir.path / "jacket.toml",
          "title = \"T\"\ntrim = \"6x9in\"\npages = 300\npaper = \"white\"\nbinding = "
          "\"dust-jacket\"\nprinters = [\"kdp\"]\n");
    const test::Run refused = test::run_podcover(
        {"render", (dir.path / "jacket.toml").string(), "-o", (dir.path / "j").string()});
    CHECK(refused.exit_code == 1);
    CHECK(refused.err ==
          "podcover: kdp: KDP does not offer dust-jacket; it offers paperback and case-laminate\n");
    CHECK_FALSE(fs::exists(dir.path / "j"));  // nothing written

    // An output that would replace an input is refused before anything is written.
    const CairoSurface tiny(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 60, 90));
    REQUIRE(cairo_surface_write_to_png(tiny.get(), (dir.path / "clash.kdp.png").c_str()) ==
            CAIRO_STATUS_SUCCESS);
    const std::string art = slurp(dir.path / "clash.kdp.png");
    write(dir.path / "clash.toml",
          "title = \"T\"\ntrim = \"6x9in\"\npages = 300\npaper = \"white\"\n[art]\nfront = "
          "\"clash.kdp.png\"\n");
    const test::Run clash =
        test::run_podcover({"render", (dir.path / "clash.toml").string(), "-o", dir.path.string()});
    CHECK(clash.exit_code == 4);
    CHECK_THAT(clash.err, Contains("clash.kdp.png would replace") && Contains("one of the inputs"));
    CHECK(slurp(dir.path / "clash.kdp.png") == art);
    CHECK_FALSE(fs::exists(dir.path / "clash.kdp.pdf"));
}

TEST_CASE("render --previews none writes the PDFs only; another value exits 2", "[render][cli]") {
    TempDir dir;
    const test::Run run =
        test::run_podcover({"render", sample_job.string(), "-o", (dir.path / "out").string(),
                            "--previews", "none", "--printer", "kdp", "--json"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto doc = nlohmann::json::parse(run.out);
    std::vector<std::string> written;
    for (const auto& out : doc.at("outputs"))
        written.push_back(fs::path(out.at("path").get<std::string>()).filename().string() + " " +
                          out.at("kind").get<std::string>());
    CHECK(written ==
          std::vector<std::string>{"salt-road.kdp.pdf cover", "salt-road.proof.pdf proof"});
    CHECK_FALSE(fs::exists(dir.path / "out" / "salt-road.kdp.png"));
    CHECK_FALSE(fs::exists(dir.path / "out" / "salt-road.proof.png"));

    const test::Run bad = test::run_podcover(
        {"render", sample_job.string(), "-o", (dir.path / "bad").string(), "--previews", "jpg"});
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Contains("--previews") && Contains("jpg"));
    CHECK_FALSE(fs::exists(dir.path / "bad"));
}

TEST_CASE("a printer without the binding is skipped, with one line saying why", "[render][cli]") {
    // A dust jacket for both printers: KDP makes none, so IngramSpark's cover is written.
    TempDir dir;
    write(dir.path / "jacket.toml",
          "title = \"T\"\ntrim = \"6x9in\"\npages = 300\npaper = \"white\"\nbinding = "
          "\"dust-jacket\"\nprinters = [\"kdp\", \"ingramspark\"]\n");
    const std::string skip =
        "KDP skipped: KDP does not offer dust-jacket; it offers paperback and case-laminate";
    const test::Run run = test::run_podcover({"render", (dir.path / "jacket.toml").string(), "-o",
                                              (dir.path / "out").string(), "--json"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.err.empty());
    const auto doc = nlohmann::json::parse(run.out);
    std::set<std::string> written;
    for (const auto& out : doc.at("outputs")) {
        written.insert(fs::path(out.at("path").get<std::string>()).filename().string());
        CHECK(out.at("printer") != "kdp");
    }
    CHECK(written == std::set<std::string>{"jacket.ingramspark.pdf", "jacket.ingramspark.png",
                                           "jacket.proof.pdf", "jacket.proof.png"});
    CHECK_FALSE(fs::exists(dir.path / "out" / "jacket.kdp.pdf"));
    REQUIRE(doc.at("skipped").size() == 1);
    CHECK(doc.at("skipped").at(0).at("printer") == "kdp");
    CHECK(doc.at("skipped").at(0).at("reason") ==
          "KDP does not offer dust-jacket; it offers paperback and case-laminate");
    CHECK(std::count(doc.at("warnings").begin(), doc.at("warnings").end(), skip) == 1);

    // In text, the same line among the warnings; the jacket's paper need not name KDP.
    write(dir.path / "own-paper.toml",
          "title = \"T\"\ntrim = \"6x9in\"\npages = 300\npaper = { ingramspark = \"white\" }\n"
          "binding = \"dust-jacket\"\n");
    const test::Run text = test::run_podcover(
        {"render", (dir.path / "own-paper.toml").string(), "-o", (dir.path / "text").string()});
    INFO(text.err);
    CHECK(text.exit_code == 0);
    CHECK_THAT(text.out, Contains("Warnings:\n  - " + skip + "\n"));
    CHECK(fs::exists(dir.path / "text" / "own-paper.ingramspark.pdf"));

    // A refusal that is the book's, not the binding's, still stops the job: IngramSpark has
    // no cream dust jacket on 5 x 8 in.
    write(dir.path / "cream.toml",
          "title = \"T\"\ntrim = \"5x8in\"\npages = 300\npaper = \"cream\"\nbinding = "
          "\"dust-jacket\"\n");
    const test::Run refused = test::run_podcover(
        {"render", (dir.path / "cream.toml").string(), "-o", (dir.path / "cream").string()});
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.err, Catch::StartsWith("podcover: ingramspark: "));
    CHECK_FALSE(fs::exists(dir.path / "cream"));
}

TEST_CASE("template writes a labelled PDF and a 300 ppi PNG per printer",
          "[render][template][cli]") {
    TempDir dir;
    const test::Run run =
        test::run_podcover({"template", "--trim", "6x9in", "--pages", "300", "--paper", "white",
                            "-o", dir.path.string(), "--isbn", "978-0-306-40615-7", "--json"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const auto doc = nlohmann::json::parse(run.out);
    // Per printer: the labelled sheet (PDF, PNG) and the guide layer (PDF, PNG, SVG).
    REQUIRE(doc.at("outputs").size() == 10);
    std::set<std::string> paths;
    for (const auto& out : doc.at("outputs")) {
        CHECK((out.at("kind") == "template" || out.at("kind") == "guide"));
        paths.insert(fs::path(out.at("path").get<std::string>()).filename().string());
    }
    for (const std::string printer : {"kdp", "ingramspark"}) {
        for (const std::string file :
             {".template.pdf", ".template.png", ".guide.pdf", ".guide.png", ".guide.svg"}) {
            CHECK(paths.count("template." + printer + file) == 1);
        }
    }
    const Layout layout = test::layout_of("kdp", Binding::paperback, "6x9in", 300, "white");
    const auto document = open_pdf(dir.path / "template.kdp.template.pdf");
    const std::unique_ptr<poppler::page> page(document->create_page(0));
    // The cover sits 1 in from the page's left and top edges.
    const auto trim = page->page_rect(poppler::trim_box);
    CHECK(trim.width() == Approx(layout.at("trim").rect.width.pt()).margin(0.01));
    CHECK(trim.x() == Approx(72 + layout.at("trim").rect.x.pt()).margin(0.01));
    std::string text;
    for (const auto& box : page->text_list(0))
        text += box.text().to_latin1() + " ";
    for (const char* label : {"BACK", "FRONT", "SPINE", "ISBN", "safe", "fold-back", "12.9256"}) {
        INFO(label);
        CHECK_THAT(text, Contains(label));
    }
    // Every number with its unit, every coordinate from the sheet's top-left corner.
    CHECK_THAT(text, Contains("fold-back x = 6.125 in") && Contains("fold-front x = 6.8006 in"));
    CHECK_THAT(text, Contains("x = 0.125 in to 6.125 in"));  // the back cover
    CHECK_THAT(text, Contains("inches from the sheet's top-left corner"));
    const CairoSurface png(
        cairo_image_surface_create_from_png((dir.path / "template.kdp.template.png").c_str()));
    REQUIRE(cairo_surface_status(png.get()) == CAIRO_STATUS_SUCCESS);
    CHECK(cairo_image_surface_get_width(png.get()) ==
          static_cast<int>(std::ceil((12.9256 + 2) * 300)));

    // Crop marks in line with the trim and dashed fold marks in line with the folds, in the
    // margin 1/16 in to 5/16 in outside the sheet (the sheet starts 1 in into the page).
    auto dark = [](unsigned r, unsigned g, unsigned b, unsigned) {
        return r < 100 && g < 100 && b < 100;
    };
    auto column = [](Length sheet_x) { return static_cast<int>((1 + sheet_x.in()) * 300); };
    const int above_top = static_cast<int>((1 - 0.3125) * 300) + 3,
              above_bottom = static_cast<int>((1 - 0.0625) * 300) - 3;
    const Rect& trim_rect = layout.at("trim").rect;
    for (const Length x : {trim_rect.left(), trim_rect.right()}) {
        INFO("crop mark at x = " << x.format(Unit::in, 4));
        CHECK(pixels_where(png.get(), column(x) - 2, column(x) + 3, above_top, above_bottom,
                           dark) >= above_bottom - above_top);
    }
    const int trim_row = column(trim_rect.top());  // the sheet starts 1 in down, too
    CHECK(pixels_where(png.get(), above_top, above_bottom, trim_row - 2, trim_row + 3, dark) >=
          above_bottom - above_top);
    for (const auto& fold : layout.folds) {
        INFO(fold.name);
        const int dashes = pixels_where(png.get(), column(fold.x) - 2, column(fold.x) + 3,
                                        above_top, above_bottom, dark);
        CHECK(dashes > (above_bottom - above_top) / 2);
        CHECK(dashes < (above_bottom - above_top) * 2);  // dashed, not solid
    }
    // Nothing else there: between the trim's edge and the fold.
    const Length between = trim_rect.left() + 1_in;
    CHECK(pixels_where(png.get(), column(between) - 2, column(between) + 3, above_top, above_bottom,
                       dark) == 0);
}

TEST_CASE("the guide layer is the cover's size: PDF, transparent 300 ppi PNG and layered SVG",
          "[render][template][guide]") {
    TempDir dir;
    const Layout layout = test::layout_of("kdp", Binding::paperback, "6x9in", 300, "white");
    const Layout hardcover =
        test::layout_of("ingramspark", Binding::case_laminate, "6x9in", 300, "white");
    TemplateRequest request;
    request.name = "book";
    const auto files = write_guide_layers({layout, hardcover}, request, dir.path);
    REQUIRE(files.size() == 6);
    CHECK(files[0].path == dir.path / "book.kdp.guide.pdf");
    CHECK(files[1].path == dir.path / "book.kdp.guide.png");
    CHECK(files[2].path == dir.path / "book.kdp.guide.svg");
    for (const auto& file : files) {
        CHECK(file.kind == "guide");
        CHECK(fs::exists(file.path));
    }

    {  // the PDF's page is the sheet, its TrimBox the trim
        for (const Layout* l : {&layout, &hardcover}) {
            INFO(l->printer_id);
            const fs::path pdf = dir.path / ("book." + l->printer_id + ".guide.pdf");
            const auto document = open_pdf(pdf);
            REQUIRE(document->pages() == 1);
            const std::unique_ptr<poppler::page> page(document->create_page(0));
            const auto media = page->page_rect(poppler::media_box);
            CHECK(media.width() == Approx(l->sheet.width.pt()).margin(1e-4));
            CHECK(media.height() == Approx(l->sheet.height.pt()).margin(1e-4));
            const auto trim = page->page_rect(poppler::trim_box);
            const Rect& t = l->at("trim").rect;
            CHECK(trim.x() == Approx(t.x.pt()).margin(1e-4));
            CHECK(trim.width() == Approx(t.width.pt()).margin(1e-4));
            CHECK(trim.height() == Approx(t.height.pt()).margin(1e-4));
            // Exactly: the MediaBox as written is the sheet in points, to every decimal.
            QPDF qpdf;
            qpdf.processFile(pdf.c_str());
            auto box =
                QPDFPageDocumentHelper(qpdf).getAllPages().at(0).getAttribute("/MediaBox", false);
            CHECK(box.getArrayItem(2).unparse() == l->sheet.width.format(Unit::pt, 6));
            CHECK(box.getArrayItem(3).unparse() == l->sheet.height.format(Unit::pt, 6));
        }
        const auto words = inked_words(dir.path / "book.kdp.guide.pdf");
        std::string text;
        for (const auto& word : words)
            text += word.text + " ";
        CHECK_THAT(text, Contains("fold-back x = 6.125 in \xC2\xB1 0.0625 in"));
        CHECK_THAT(text, Contains("SPINE 0.6756 in, x = 6.125 in to 6.8006 in"));
        CHECK_THAT(text, Contains("Coordinates: inches from the sheet's top-left corner, x to "
                                  "the right, y down"));
        // Its labels lie outside the live area, where the artwork's text goes.
        for (const auto& word : words) {
            if (word.ink->overlaps(layout.at("barcode").rect))
                continue;  // the barcode area's own label
            INFO("'" << word.text << "'");
            for (const char* live : {"back-safe", "front-safe", "spine-text"})
                CHECK_FALSE(word.ink->overlaps(layout.at(live).rect));
        }
        // Left visible on a cover, the checker sees a template layer; on its own it is no
        // printer's template.
        const auto labels = check::template_labels(words);
        CHECK(std::any_of(labels.begin(), labels.end(), [](const check::TemplateLabel& l) {
            return l.phrase == "REMOVE THIS TEMPLATE LAYER FROM FINAL ARTWORK";
        }));
        CHECK_FALSE(check::read_printer_template(layout.sheet, words, {}).has_value());
    }

    {  // the PNG: round(sheet x 300) pixels, transparent in the live area, 300 ppi
        const fs::path path = dir.path / "book.kdp.guide.png";
        const CairoSurface png(cairo_image_surface_create_from_png(path.c_str()));
        REQUIRE(cairo_surface_status(png.get()) == CAIRO_STATUS_SUCCESS);
        REQUIRE(cairo_image_surface_get_format(png.get()) == CAIRO_FORMAT_ARGB32);
        CHECK(cairo_image_surface_get_width(png.get()) == 3878);  // 12.9256 in x 300
        CHECK(cairo_image_surface_get_height(png.get()) == 2775);
        // Every pixel inside a live area is fully transparent, except where the barcode
        // area and the folds' bands are marked.
        auto px = [](Length length) { return static_cast<int>(std::lround(length.in() * 300)); };
        const Rect& code = layout.at("barcode").rect;
        for (const char* live : {"back-safe", "front-safe", "spine-text"}) {
            INFO(live);
            const Rect& r = layout.at(live).rect;
            // The pixels wholly inside it.
            const int x0 = static_cast<int>(std::ceil(r.left().in() * 300)),
                      x1 = static_cast<int>(std::floor(r.right().in() * 300)),
                      y0 = static_cast<int>(std::ceil(r.top().in() * 300)),
                      y1 = static_cast<int>(std::floor(r.bottom().in() * 300));
            int marked =
                pixels_where(png.get(), x0, x1, y0, y1,
                             [](unsigned, unsigned, unsigned, unsigned a) { return a > 0; });
            if (const auto in_code = r.intersection(code)) {
                // Less the pixels the barcode area touches.
                marked -= pixels_where(
                    png.get(),
                    std::max(x0, static_cast<int>(std::floor(in_code->left().in() * 300))),
                    std::min(x1, static_cast<int>(std::ceil(in_code->right().in() * 300))),
                    std::max(y0, static_cast<int>(std::floor(in_code->top().in() * 300))),
                    std::min(y1, static_cast<int>(std::ceil(in_code->bottom().in() * 300))),
                    [](unsigned, unsigned, unsigned, unsigned a) { return a > 0; });
            }
            CHECK(marked == 0);
            CHECK((x1 - x0) * (y1 - y0) > 100000);
        }
        // The bleed is shaded more strongly than the margin inside the trim.
        auto alpha_at = [&](Length x, Length y) {
            unsigned found = 0;
            pixels_where(png.get(), px(x), px(x) + 1, px(y), px(y) + 1,
                         [&](unsigned, unsigned, unsigned, unsigned a) {
                             found = a;
                             return true;
                         });
            return found;
        };
        const unsigned bleed = alpha_at(0.06_in, 3_in), margin = alpha_at(0.19_in, 3_in);
        CHECK(bleed > margin);
        CHECK(margin > 0);
        CHECK(alpha_at(3_in, 3_in) == 0);
        // The PNG states 300 ppi (11811 pixels per metre), so that it is placed at its size.
        const std::string bytes = slurp(path);
        const auto phys = bytes.find("pHYs");
        REQUIRE(phys != std::string::npos);
        auto u32 = [&](std::size_t at) {
            return static_cast<uint32_t>(static_cast<unsigned char>(bytes[at])) << 24 |
                   static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16 |
                   static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8 |
                   static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
        };
        CHECK(u32(phys + 4) == 11811);
        CHECK(u32(phys + 8) == 11811);
        CHECK(bytes[phys + 12] == 1);  // per metre
    }

    {  // the SVG is well-formed, in inches, with named Inkscape layers
        const std::string svg = slurp(dir.path / "book.ingramspark.guide.svg");
        std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)> document(
            xmlReadMemory(svg.data(), static_cast<int>(svg.size()), "guide.svg", nullptr,
                          XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
            xmlFreeDoc);
        REQUIRE(document != nullptr);
        const xmlNode* root = xmlDocGetRootElement(document.get());
        REQUIRE(root != nullptr);
        CHECK(std::string(reinterpret_cast<const char*>(root->name)) == "svg");
        auto attribute = [](const xmlNode* node, const char* name,
                            const char* ns = nullptr) -> std::string {
            xmlChar* value =
                ns ? xmlGetNsProp(node, xml(name), xml(ns)) : xmlGetProp(node, xml(name));
            if (!value)
                return "<none>";
            std::string text(reinterpret_cast<const char*>(value));
            xmlFree(value);
            return text;
        };
        const std::string w = hardcover.sheet.width.format(Unit::in, 6),
                          h = hardcover.sheet.height.format(Unit::in, 6);
        CHECK(attribute(root, "width") == w + "in");
        CHECK(attribute(root, "height") == h + "in");
        CHECK(attribute(root, "viewBox") == "0 0 " + w + " " + h);

        std::unique_ptr<xmlXPathContext, void (*)(xmlXPathContextPtr)> xpath(
            xmlXPathNewContext(document.get()), xmlXPathFreeContext);
        const char* inkscape = "http://www.inkscape.org/namespaces/inkscape";
        xmlXPathRegisterNs(xpath.get(), xml("svg"), xml("http://www.w3.org/2000/svg"));
        xmlXPathRegisterNs(xpath.get(), xml("inkscape"), xml(inkscape));
        std::unique_ptr<xmlXPathObject, void (*)(xmlXPathObjectPtr)> layers(
            xmlXPathEvalExpression(xml("/svg:svg/svg:g[@inkscape:groupmode='layer']"), xpath.get()),
            xmlXPathFreeObject);
        REQUIRE(layers != nullptr);
        REQUIRE(layers->nodesetval != nullptr);
        std::vector<std::string> names;
        std::map<std::string, const xmlNode*> by_id;
        for (int i = 0; i < layers->nodesetval->nodeNr; ++i) {
            const xmlNode* layer = layers->nodesetval->nodeTab[i];
            names.push_back(attribute(layer, "label", inkscape));
            by_id[attribute(layer, "id")] = layer;
        }
        CHECK(names == std::vector<std::string>{"Out of live area", "Boards, hinges and flaps",
                                                "Trim", "Safe areas and spine text",
                                                "Folds and their variance", "Barcode area",
                                                "Labels"});
        // The trim, in the layout's own numbers: inches from the sheet's top-left corner.
        REQUIRE(by_id.count("trim") == 1);
        const xmlNode* trim = xmlFirstElementChild(const_cast<xmlNode*>(by_id["trim"]));
        REQUIRE(trim != nullptr);
        const Rect& t = hardcover.at("trim").rect;
        CHECK(attribute(trim, "x") == t.x.format(Unit::in, 6));
        CHECK(attribute(trim, "y") == t.y.format(Unit::in, 6));
        CHECK(attribute(trim, "width") == t.width.format(Unit::in, 6));
        // Each fold's line at its x.
        int fold_lines = 0;
        for (const xmlNode* n = xmlFirstElementChild(const_cast<xmlNode*>(by_id["folds"])); n;
             n = xmlNextElementSibling(const_cast<xmlNode*>(n))) {
            if (std::string(reinterpret_cast<const char*>(n->name)) != "line")
                continue;
            CHECK(attribute(n, "x1") ==
                  hardcover.folds.at(static_cast<std::size_t>(fold_lines)).x.format(Unit::in, 6));
            ++fold_lines;
        }
        CHECK(fold_lines == static_cast<int>(hardcover.folds.size()));
        CHECK_THAT(svg, Contains(">REMOVE THIS TEMPLATE LAYER FROM FINAL ARTWORK</text>"));
    }
}

TEST_CASE("hardcovers render to their full construction", "[render][pdf][hardcover]") {
    TempDir dir;
    fs::create_directories(dir.path / "art");
    fs::copy_file(sample_job.parent_path() / "art" / "wrap.jpg", dir.path / "art" / "wrap.jpg");
    const std::string job_text = slurp(sample_job);
    for (const std::string binding : {"case-laminate", "dust-jacket"}) {
        INFO(binding);
        std::string text = job_text;
        text.replace(text.find("binding = \"paperback\""), 21, "binding = \"" + binding + "\"");
        text.replace(text.find("front = \"\""), 10,
                     "front = \"The Salt Road follows Mara along the coast.\"");
        text.replace(text.find("back = \"\""), 9, "back = \"Ann Author lives by the sea.\"");
        if (binding == "dust-jacket")
            text.replace(text.find("printers = [\"kdp\", \"ingramspark\"]"), 33,
                         "printers = [\"ingramspark\"]");
        write(dir.path / (binding + ".toml"), text);
        const Job job = read_job_file(dir.path / (binding + ".toml"));
        std::vector<const PrinterSpec*> printers;
        for (const auto& id : job.printers)
            printers.push_back(&test::printer(id));
        const RenderReport report = render_job(job, printers, dir.path / binding);
        std::string warnings;
        for (const auto& w : report.warnings)
            warnings += w + "\n";
        for (const Layout& layout : report.layouts) {
            INFO(layout.printer_id);
            const auto document = open_pdf(output(report, "cover", layout.printer_id));
            const std::unique_ptr<poppler::page> page(document->create_page(0));
            const auto media = page->page_rect(poppler::media_box);
            CHECK(media.width() == Approx(layout.sheet.width.pt()).margin(0.01));
            CHECK(media.height() == Approx(layout.sheet.height.pt()).margin(0.01));
            CHECK(page->page_rect(poppler::trim_box).width() ==
                  Approx(layout.at("trim").rect.width.pt()).margin(0.01));
            std::vector<Rect> allowed;
            for (const auto& region : layout.regions) {
                if (region.kind == RegionKind::safe || region.kind == RegionKind::spine_text ||
                    region.kind == RegionKind::barcode) {
                    allowed.push_back(grown(region.rect, ink_slack));
                }
            }
            std::string all_text;
            for (const auto& word : inked_words(output(report, "cover", layout.printer_id))) {
                all_text += word.text + " ";
                INFO("'" << word.text << "'");
                CHECK(std::any_of(allowed.begin(), allowed.end(),
                                  [&](const Rect& a) { return a.contains(*word.ink); }));
            }
            if (binding == "dust-jacket") {
                CHECK_THAT(all_text, Contains("follows") && Contains("lives"));  // the flaps
            } else {
                CHECK_THAT(all_text, !Contains("follows"));
                CHECK_THAT(warnings, Contains("flap copy is for dust jackets"));
            }
        }
    }
}

// ---- scripts, fallback fonts and reading direction -------------------------------------

namespace {

// A book of the given keys (6 x 9 in, 300 pages, white), rendered for the printers named.
struct Book {
    TempDir dir;
    Job job;
    RenderReport report;
};
std::unique_ptr<Book> render_book(const std::string& keys,
                                  const std::vector<std::string>& printers = {"kdp"}) {
    auto book = std::make_unique<Book>();
    write(book->dir.path / "book.toml",
          "trim = \"6x9in\"\npages = 300\npaper = \"white\"\n" + keys);
    book->job = read_job_file(book->dir.path / "book.toml");
    std::vector<const PrinterSpec*> specs;
    for (const auto& id : printers)
        specs.push_back(&test::printer(id));
    book->report = render_job(book->job, specs, book->dir.path / "out");
    return book;
}

// Text as Poppler reads it, without spaces and the direction marks it puts around runs of the
// other direction, nor the punctuation that Poppler's own reordering of a right-to-left line
// may move (the comma of "word, 120" after the number; the hyphen of a Hebrew prefix such as
// "ve-Tom" after the word it joins).
std::string letters(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        // Direction marks: U+200E, U+200F (E2 80 8E/8F), U+202A..U+202E (E2 80 AA..AE).
        if (text.compare(i, 2, "\xE2\x80") == 0 && i + 2 < text.size()) {
            const auto third = static_cast<unsigned char>(text[i + 2]);
            if (third == 0x8E || third == 0x8F || (third >= 0xAA && third <= 0xAE)) {
                i += 3;
                continue;
            }
        }
        if (std::string(" \n,.-").find(text[i]) == std::string::npos)
            out += text[i];
        ++i;
    }
    return out;
}

// The text of a PDF's first page as Poppler reads it, in reading order (logical order for
// right-to-left text), as letters().
std::string page_text(const fs::path& pdf) {
    const auto document = open_pdf(pdf);
    const std::unique_ptr<poppler::page> page(document->create_page(0));
    const poppler::byte_array bytes = page->text().to_utf8();
    return letters(std::string(bytes.begin(), bytes.end()));
}

// The number of times `part` occurs in `text`.
int occurrences(const std::string& text, const std::string& part) {
    int count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
        ++count;
    return count;
}

// Every glyph the plan draws, and the fonts they come from.
void check_no_notdef(const CoverPlan& plan) {
    for (const auto& op : plan.ops) {
        if (const auto* words = std::get_if<CoverPlan::Words>(&op)) {
            for (const auto& run : words->line.runs) {
                INFO("'" << run.utf8 << "' in " << run.font->name());
                for (const auto& glyph : run.glyphs)
                    CHECK(glyph.index != 0);
            }
        }
    }
}

CoverPlan plan_of(const Book& book, const Layout& layout) {
    Resources resources(book.job);
    std::vector<const Layout*> layouts;
    for (const auto& l : book.report.layouts)
        layouts.push_back(&l);
    const SharedDesign shared = share_design(book.job, layouts, resources);
    return compose_cover(book.job, layout, shared, resources);
}

std::string postscript_name(const Font& font) {
    char name[256] = {};
    unsigned size = sizeof name;
    hb_ot_name_get_utf8(hb_font_get_face(font.hb_font()), HB_OT_NAME_ID_POSTSCRIPT_NAME,
                        HB_LANGUAGE_INVALID, &size, name);
    return name;
}

}  // namespace

TEST_CASE("right-to-left titles, back copy and spines render with their text", "[render][bidi]") {
    // The jobs that crashed render (exit 5: Cairo refused the clusters of a right-to-left
    // run): a Hebrew title of three words, a Hebrew back paragraph, an Arabic title of four
    // words; with Latin words and digits among them. In the default fonts, whose Hebrew and
    // Arabic come from a fallback font (word by word: the spaces are the default font's), and
    // in DejaVu Sans, which has them (whole lines in one run).
    const std::string dejavu =
        "[fonts]\ntitle = \"DejaVu Sans:bold\"\nauthor = \"DejaVu Sans\"\n"
        "body = \"DejaVu Sans\"\nspine = \"DejaVu Sans:bold\"\n";
    const std::string hebrew_title = "שלום עולם גדול";
    const std::string arabic_title = "كتاب الطريق إلى البيت";
    const std::string hebrew_copy =
        "זהו ספר על הדרך הארוכה שעברנו יחד, מן הים אל ההרים, ובחזרה אל הבית הישן שלנו. "
        "בשנת 1999 יצאנו עם Mara ו-Tom אל מעבר לגבעות, 120 קילומטרים ברגל, ולא חזרנו עד "
        "החורף. זהו ספר על הדרך הארוכה שעברנו יחד, מן הים אל ההרים.";
    for (const auto& [title, copy, fonts] :
         {std::tuple{hebrew_title, std::string("Back copy."), std::string()},
          std::tuple{std::string("T"), hebrew_copy, std::string()},
          std::tuple{arabic_title, std::string("Back copy."), std::string()},
          std::tuple{hebrew_title, std::string("Back copy."), dejavu},
          std::tuple{std::string("T"), hebrew_copy, dejavu},
          std::tuple{arabic_title, std::string("Back copy."), dejavu}}) {
        INFO(title << " / " << copy << " / " << fonts);
        const auto book = render_book("title = \"" + title + "\"\nauthor = \"דוד כהן\"\n" + fonts +
                                      "[back]\ncopy = \"" + copy + "\"\n");
        const Layout& layout = book->report.layouts.at(0);
        // Poppler reads the title on the front and on the spine, the author likewise, and each
        // line of the copy, in reading order.
        const std::string read = page_text(output(book->report, "cover", "kdp"));
        INFO(read);
        if (title != "T")
            CHECK(occurrences(read, letters(title)) == 2);
        CHECK(occurrences(read, letters("דוד כהן")) == 2);
        const CoverPlan plan = plan_of(*book, layout);
        check_no_notdef(plan);
        std::string lines_set;
        for (const auto& op : plan.ops) {
            if (const auto* words = std::get_if<CoverPlan::Words>(&op);
                words && words->rotation == 0) {
                CHECK_THAT(read, Contains(letters(words->line.text)));
                lines_set += words->line.text + " ";
            }
        }
        CHECK(letters(lines_set) == letters(title + "דוד כהן" + copy));  // front, then back
        // Right-to-left copy is set from the right: every line's ink ends at the right edge of
        // the back's text area, and a justified full line's starts at its left edge.
        if (title == "T") {
            const Rect back = layout.at("back-safe").rect;
            int lines = 0;
            for (const auto& element : plan.elements) {
                if (element.label.rfind("back copy line", 0) != 0)
                    continue;
                ++lines;
                INFO(element.label);
                CHECK(abs(element.rect.right() - back.right()) < 0.001_pt);
            }
            CHECK(lines >= 3);
        }
    }
}

TEST_CASE("Greek, Cyrillic, Hebrew, Arabic and CJK are set in a fallback font the report names",
          "[render][fonts]") {
    FontLibrary fonts;
    const auto title_font = fonts.default_font("serif-bold");
    for (const std::string title : {"Ο δρόμος του αλατιού", "Соляная дорога", "שלום עולם גדול",
                                    "كتاب الطريق إلى البيت", "塩の道", "盐路", "소금의 길"}) {
        INFO(title);
        const auto book = render_book("title = \"" + title + "\"\n");
        // The characters EB Garamond Bold lacks come from a font that has them, named in the
        // notes with the characters.
        const char32_t first = [&] {
            const auto line = shape_line(title, TextStyle{title_font, 20, Color::black(), 0});
            return line.coverage.fallbacks.at(0).characters.at(0);
        }();
        const auto fallback = fallback_font(*title_font, first);
        REQUIRE(fallback != nullptr);
        std::string notes;
        for (const auto& n : book->report.notes)
            notes += n + "\n";
        INFO(notes);
        CHECK_THAT(notes,
                   Contains("title: EB Garamond 12 Bold (fonts.title) has no glyphs for \"") &&
                       Contains("set in " + fallback->name()));
        CHECK_THAT(notes, Contains("spine line 1: "));
        // The PDF embeds the fallback font, draws no .notdef and keeps the title's text.
        const auto document = open_pdf(output(book->report, "cover", "kdp"));
        std::string embedded;
        for (const auto& font : document->fonts())
            embedded += font.name() + " ";
        CHECK_THAT(embedded, Contains(postscript_name(*fallback)));
        check_no_notdef(plan_of(*book, book->report.layouts.at(0)));
        CHECK(occurrences(page_text(output(book->report, "cover", "kdp")), letters(title)) == 2);
    }
}

TEST_CASE("a character no installed font has is refused, named by its code point",
          "[render][fonts][cli]") {
    TempDir dir;
    const std::string base = "trim = \"6x9in\"\npages = 300\npaper = \"white\"\n";
    write(dir.path / "title.toml", base + "title = \"Salt \\uE000 Road\"\n");
    const test::Run title = test::run_podcover(
        {"render", (dir.path / "title.toml").string(), "-o", (dir.path / "out").string()});
    CHECK(title.exit_code == 3);
    CHECK(title.err == "podcover: " + (dir.path / "title.toml").string() +
                           ":4: title: no installed font has a glyph for U+E000; replace it, or "
                           "install a font that has it and name it in fonts.spine\n");
    CHECK_FALSE(fs::exists(dir.path / "out" / "title.kdp.pdf"));

    write(dir.path / "copy.toml",
          base + "title = \"T\"\n[back]\ncopy = \"Salt \\uE000\\U000F0000 Road\"\n");
    const test::Run copy = test::run_podcover(
        {"render", (dir.path / "copy.toml").string(), "-o", (dir.path / "out").string()});
    CHECK(copy.exit_code == 3);
    CHECK_THAT(copy.err, Contains(":6: back.copy: no installed font has a glyph for U+E000, "
                                  "U+F0000; replace them") &&
                             Contains("name it in fonts.body"));
    CHECK(std::count(copy.err.begin(), copy.err.end(), '\n') == 1);
}

TEST_CASE("a right-to-left book has its front cover on the left", "[render][bidi]") {
    const std::string keys =
        "title = \"The Salt Road\"\nauthor = \"Ann Author\"\nisbn = \"978-0-306-40615-7\"\n"
        "[back]\ncopy = \"Backcopy words.\"\nfooter = \"www.example.com\"\n";
    const auto ltr = render_book(keys, {"kdp", "ingramspark"});
    const auto rtl = render_book("direction = \"rtl\"\n" + keys, {"kdp", "ingramspark"});
    CHECK(rtl->job.direction == ReadingDirection::right_to_left);
    CHECK_THAT(rtl->report.notes.back(), Contains("right-to-left book: the front cover is on "
                                                  "the left"));
    for (const std::string printer : {"kdp", "ingramspark"}) {
        INFO(printer);
        const Layout& layout = layout_for(rtl->report, printer);
        const Rect spine = layout.at("spine").rect;
        auto find = [](const std::vector<check::Word>& words, const std::string& text) {
            for (const auto& word : words) {
                if (word.text == text && word.rotation == 0)
                    return *word.ink;
            }
            FAIL("no word " << text);
            return Rect{};
        };
        // Read back from the PDFs: the title and the back copy change sides.
        const auto rtl_words = inked_words(output(rtl->report, "cover", printer));
        const auto ltr_words = inked_words(output(ltr->report, "cover", printer));
        CHECK(find(rtl_words, "Salt").right() < spine.left());
        CHECK(find(rtl_words, "Backcopy").left() > spine.right());
        CHECK(find(ltr_words, "Salt").left() > spine.right());
        CHECK(find(ltr_words, "Backcopy").right() < spine.left());
        // Each panel is the mirror image of its place in the left-to-right book: the centred
        // title's ink mirrors it, and the back copy starts at the left of the back's text area.
        const Length sheet = layout.sheet.width;
        auto element = [](const CoverPlan& plan, const std::string& label) {
            for (const auto& e : plan.elements) {
                if (e.label == label)
                    return e.rect;
            }
            FAIL("no element " << label);
            return Rect{};
        };
        const CoverPlan rtl_plan = plan_of(*rtl, layout);
        const CoverPlan ltr_plan = plan_of(*ltr, layout_for(ltr->report, printer));
        const Rect title = element(rtl_plan, "title"), ltr_title = element(ltr_plan, "title");
        CHECK(abs(title.left() - (sheet - ltr_title.right())) < 0.001_pt);
        CHECK(title.y == ltr_title.y);
        Length margin;
        for (const auto& l : rtl->report.layouts)
            margin = max(margin, l.safe_margin);
        const Rect back =
            layout.at("back-safe").rect.intersection(layout.at("back").rect.inset(margin)).value();
        CHECK(abs(element(rtl_plan, "back copy").left() - (sheet - back.right())) < 0.001_pt);
        CHECK(abs(element(ltr_plan, "back copy").left() - back.left()) < 0.001_pt);
        // The barcode area goes with the back, into its lower corner beside the spine.
        const Rect code = layout.at("barcode").rect;
        int codes = 0;
        for (const auto& e : rtl_plan.elements) {
            if (e.kind == Element::Kind::barcode) {
                ++codes;
                CHECK(e.rect.left() - spine.right() == spine.left() - code.right());
                CHECK(e.rect.y == code.y);
            }
        }
        CHECK(codes == (printer == "ingramspark" ? 1 : 0));  // KDP prints its own
        // The footer keeps to the back's outer edge, away from the barcode area (it ran into
        // it when it started from the left whatever the book's direction).
        const Rect mirrored_code{sheet - code.right(), code.y, code.width, code.height};
        const Rect footer = element(rtl_plan, "back footer");
        CHECK_FALSE(footer.overlaps(mirrored_code));
        CHECK(abs(footer.right() - (sheet - back.left())) < 0.001_pt);
        CHECK(abs(element(ltr_plan, "back footer").left() - back.left()) < 0.001_pt);
        CHECK(rtl->report.warnings.empty());
        // check reads the cover as right to left: given so, or (IngramSpark's, which has
        // podcover's barcode on the right-hand panel) by itself; it then looks for the barcode
        // area and the panels where a right-to-left book has them, and the cover passes.
        check::CheckRequest request;
        request.file = output(rtl->report, "cover", printer);
        request.printers = {&test::printer(printer)};
        if (printer == "kdp")
            request.hints.direction = ReadingDirection::right_to_left;
        const auto checked = check::CoverCheck::run(request);
        const auto& report = checked->report();
        bool said = false;
        for (const auto& fact : report.inferred)
            said = said || (fact.what == "direction" && fact.value == "right to left");
        CHECK(said);
        REQUIRE(report.printers.size() == 1);
        CHECK(report.printers[0].verdict != check::Verdict::fail);
        CHECK(report.printers[0].expected->at("barcode").rect == mirrored_code);
        for (const auto& finding : report.printers[0].findings) {
            INFO(finding.message);
            CHECK(finding.severity != Severity::error);
            if (finding.code == "barcode-found")
                CHECK(finding.box->left() > spine.right());
        }
        if (printer == "ingramspark") {  // podcover prints IngramSpark's barcode: its digits
            int digits = 0;
            for (const auto& word : rtl_words) {
                if (word.text.find("978") != std::string::npos) {
                    ++digits;
                    CHECK(word.ink->left() > spine.right());
                }
            }
            CHECK(digits >= 1);
        }
    }
    // A right-to-left dust jacket: every word lies in the mirror image of a safe area (the
    // flaps' too), the spine-text area or the barcode area; the front flap's copy is left of
    // the front cover.
    const auto jacket = render_book("direction = \"rtl\"\nbinding = \"dust-jacket\"\n" + keys +
                                        "[flaps]\nfront = \"Frontflap words.\"\nback = \"Backflap "
                                        "words.\"\n",
                                    {"ingramspark"});
    const Layout& layout = jacket->report.layouts.at(0);
    const Length sheet = layout.sheet.width;
    std::vector<Rect> allowed;
    for (const auto& region : layout.regions) {
        if (region.kind == RegionKind::safe || region.kind == RegionKind::spine_text ||
            region.kind == RegionKind::barcode) {
            const Rect mirrored{sheet - region.rect.right(), region.rect.y, region.rect.width,
                                region.rect.height};
            allowed.push_back(grown(mirrored, ink_slack));
        }
    }
    const auto words = inked_words(output(jacket->report, "cover", "ingramspark"));
    std::map<std::string, Rect> found;
    for (const auto& word : words) {
        INFO("'" << word.text << "'");
        CHECK(std::any_of(allowed.begin(), allowed.end(),
                          [&](const Rect& a) { return a.contains(*word.ink); }));
        found.emplace(word.text, *word.ink);
    }
    REQUIRE(found.count("Frontflap"));
    REQUIRE(found.count("Backflap"));
    CHECK(found.at("Frontflap").right() < found.at("Salt").left());
    CHECK(found.at("Backflap").left() > found.at("Backcopy").right());
}
