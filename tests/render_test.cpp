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
#include <nlohmann/json.hpp>
#include <qpdf/Pl_Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "podcover/check/cover_pdf.hpp"
#include "podcover/errors.hpp"
#include "podcover/render/cover.hpp"
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

std::vector<const PrinterSpec*> both_printers() {
    return {&test::printer("kdp"), &test::printer("ingramspark")};
}

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
        r->report = render_job(r->job, both_printers(), r->dir.path);
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
    const auto cover = check::CoverPdf::open(
        pdf, check::Deadline{std::chrono::steady_clock::now() + std::chrono::minutes(1)});
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
                // Clear of each fold by the printer's clearance plus the fold variance.
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
    QPDF pdf;
    pdf.processFile(output(sample().report, "cover", "ingramspark").c_str());
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
    for (const std::string printer : {"kdp", "ingramspark"}) {
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

TEST_CASE("both PDFs carry the same metadata, without dates", "[render][pdf]") {
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
}

TEST_CASE("the same job renders to the same bytes", "[render][pdf]") {
    TempDir again;
    const RenderReport report = render_job(sample().job, both_printers(), again.path);
    REQUIRE(report.outputs.size() == sample().report.outputs.size());
    for (std::size_t i = 0; i < report.outputs.size(); ++i) {
        INFO(report.outputs[i].path.filename().string());
        CHECK(slurp(report.outputs[i].path) == slurp(sample().report.outputs[i].path));
    }
}

TEST_CASE("art below 300 ppi is reported with its effective resolution", "[render][warnings]") {
    TempDir dir;
    fs::create_directories(dir.path / "art");
    fs::copy_file(sample_job.parent_path() / "art" / "wrap.jpg", dir.path / "art" / "wrap.jpg");
    std::string text = slurp(sample_job);
    text.replace(text.find("trim = \"6x9in\""), 14, "trim = \"8.5x11in\"");
    write(dir.path / "big.toml", text);
    const RenderReport report =
        render_job(read_job_file(dir.path / "big.toml"), both_printers(), dir.path / "out");
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
        render_job(read_job_file(dir.path / "edges.toml"), both_printers(), dir.path / "out");
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
    const BookFacts facts = book_facts(job, both_printers());
    CHECK(facts.pages == 301);
    CHECK(facts.trim == Size{6_in, 9_in});
    REQUIRE(facts.warnings.size() == 1);
    CHECK_THAT(facts.warnings[0],
               Contains("pages says 280, but interior.pdf has 301 pages: using the interior's"));
    const RenderReport report = render_job(job, both_printers(), dir.path / "out");
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
    const BookFacts bled = book_facts(read_job_file(dir.path / "bleed.toml"), both_printers());
    CHECK(bled.trim == Size{6_in, 9_in});
    CHECK_THAT(bled.warnings.at(0),
               Contains("bleed.pdf: pages of 6.125 \xC3\x97 9.25 in without a TrimBox, taken as a "
                        "6 \xC3\x97 9 in trim with bleed"));

    write(dir.path / "broken.pdf", "%PDF-1.4 this is not a PDF");
    write(dir.path / "broken.toml",
          "title = \"T\"\ninterior = \"broken.pdf\"\npaper = \"white\"\n");
    CHECK_THROWS_WITH(book_facts(read_job_file(dir.path / "broken.toml"), both_printers()),
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

    write(dir.path / "jacket.toml",
          "title = \"T\"\ntrim = \"6x9in\"\npages = 300\npaper = \"white\"\nbinding = "
          "\"dust-jacket\"\n");
    const test::Run refused = test::run_podcover(
        {"render", (dir.path / "jacket.toml").string(), "-o", (dir.path / "j").string()});
    CHECK(refused.exit_code == 1);
    CHECK(refused.err ==
          "podcover: kdp: KDP does not offer dust-jacket; it offers paperback and case-laminate\n");
    CHECK_FALSE(fs::exists(dir.path / "j" / "jacket.ingramspark.pdf"));  // nothing written

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
    CHECK_THAT(clash.err,
               Contains("clash.kdp.png would replace") && Contains("one of the job's inputs"));
    CHECK(slurp(dir.path / "clash.kdp.png") == art);
    CHECK_FALSE(fs::exists(dir.path / "clash.kdp.pdf"));
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
    REQUIRE(doc.at("outputs").size() == 4);
    for (const auto& out : doc.at("outputs"))
        CHECK(out.at("kind") == "template");
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
    const CairoSurface png(
        cairo_image_surface_create_from_png((dir.path / "template.kdp.template.png").c_str()));
    REQUIRE(cairo_surface_status(png.get()) == CAIRO_STATUS_SUCCESS);
    CHECK(cairo_image_surface_get_width(png.get()) ==
          static_cast<int>(std::ceil((12.9256 + 2) * 300)));
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
        "[back]\ncopy = \"Backcopy words.\"\n";
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
