// podcover adapt: a finished cover to the other printer, or to a new page count. Round trips
// on covers podcover renders itself (read back with Poppler, to the word and the pixel),
// covers as real tools export them (a flattened CMYK JPEG, an Inkscape-style cover whose text
// is outlines, a cover on IngramSpark's template page), narrower and wider spines, a page count
// moved by 8, the two refusals, and the source's fonts and images byte for byte (qpdf).
#include <cairo-pdf.h>

#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "podcover/adapt/adapt.hpp"
#include "podcover/errors.hpp"
#include "podcover/fixtures/fixtures.hpp"
#include "podcover/render/handles.hpp"
#include "podcover/render/pdf_output.hpp"
#include "run_podcover.hpp"
#include "support.hpp"

using namespace podcover;
using namespace podcover::literals;
namespace fs = std::filesystem;
using Catch::Contains;
using podcover::test::TempDir;

namespace {

BookSpec sample_book(int pages = 300) {
    return BookSpec{Binding::paperback, Size{6_in, 9_in}, pages, "white"};
}

fs::path saved(const fs::path& dir, const std::string& name, const std::string& pdf) {
    const fs::path path = dir / name;
    test::write(path, pdf);
    return path;
}

struct Options {
    std::optional<int> pages;
    std::string paper;
    std::optional<fs::path> target_template;
    std::optional<fs::path> proof;
    bool force = false;
};

adapt::AdaptReport adapted(const fs::path& source, const fs::path& output, const std::string& to,
                           const Options& options = {}) {
    adapt::AdaptRequest request;
    request.source = source;
    request.output = output;
    request.target = &test::printer(to);
    request.printers = test::both_printers();
    request.book.pages = options.pages;
    request.book.paper = options.paper;
    request.target_template = options.target_template;
    request.proof = options.proof;
    request.force = options.force;
    return adapt::adapt_cover(request);
}

std::string findings(const adapt::AdaptReport& report) {
    std::string text = "source: " + report.source_layout.printer_id + " " +
                       std::to_string(report.source_layout.pages) + " (" +
                       report.source_printer_how + ")\n";
    for (const auto& r : report.refusals)
        text += "refused: " + r + "\n";
    for (const auto& w : report.warnings)
        text += "warning: " + w + "\n";
    if (report.check) {
        text += "check: " + std::string(check::verdict_id(report.check->verdict)) + "\n";
        for (const auto& f : report.check->findings)
            text += "  " + f.code + ": " + f.message + "\n";
    }
    return text;
}

int errors_in(const adapt::AdaptReport& report) {
    int errors = 0;
    for (const auto& f : report.check->findings)
        errors += f.severity == Severity::error;
    return errors;
}

std::unique_ptr<check::CoverPdf> opened(const fs::path& file) {
    return check::CoverPdf::open(file, check::Deadline::after(std::chrono::seconds(60)));
}

// The words that print, with their ink, as the checker reads them.
std::vector<check::Word> printing_words(const fs::path& file) {
    std::vector<check::Word> words;
    for (auto& w : opened(file)->inventory().words) {
        if (w.ink && !w.invisible())
            words.push_back(w);
    }
    return words;
}

// The largest distance between a word's ink on one file and the same word's on the other
// (the nearest of that text), shifted by `shift_x` where `moved` says so; and whether every
// word was found.
struct WordDeviation {
    Length largest;
    int missing = 0;
    int compared = 0;
};
WordDeviation word_deviation(const std::vector<check::Word>& from,
                             const std::vector<check::Word>& to,
                             const std::function<Length(const Rect&)>& shift_x) {
    WordDeviation d;
    for (const auto& a : from) {
        std::optional<Length> best;
        const Length dx = shift_x(*a.ink);
        for (const auto& b : to) {
            if (b.text != a.text)
                continue;
            const Length off =
                max(max(abs(b.ink->left() - (a.ink->left() + dx)),
                        abs(b.ink->right() - (a.ink->right() + dx))),
                    max(abs(b.ink->top() - a.ink->top()), abs(b.ink->bottom() - a.ink->bottom())));
            best = best ? min(*best, off) : off;
        }
        if (!best) {
            ++d.missing;
            continue;
        }
        ++d.compared;
        d.largest = max(d.largest, *best);
    }
    return d;
}

// Pixels of two renderings of the same size compared outside some column ranges (inches).
struct PixelDifference {
    int largest = 0;
    double share_over_24 = 0;  // of the pixels compared
    long compared = 0;
};
PixelDifference pixel_difference(const check::Raster& a, const check::Raster& b,
                                 const std::vector<std::pair<Length, Length>>& left_out) {
    PixelDifference d;
    REQUIRE(a.width == b.width);
    REQUIRE(a.height == b.height);
    long over = 0;
    for (int x = 0; x < a.width; ++x) {
        const double at = (x + 0.5) / a.pixels_per_inch;
        bool skip = false;
        for (const auto& [from, to] : left_out)
            skip = skip || (at >= from.in() && at <= to.in());
        if (skip)
            continue;
        for (int y = 0; y < a.height; ++y) {
            const std::uint8_t* p = a.pixel(x, y);
            const std::uint8_t* q = b.pixel(x, y);
            int largest = 0;
            for (int c = 0; c < 3; ++c)
                largest = std::max(largest, std::abs(int(p[c]) - int(q[c])));
            d.largest = std::max(d.largest, largest);
            over += largest > 24;
            ++d.compared;
        }
    }
    d.share_over_24 = d.compared ? static_cast<double>(over) / static_cast<double>(d.compared) : 0;
    return d;
}

// The raw (undecoded) bytes of every image stream and embedded font file, read with qpdf.
struct Streams {
    std::multiset<std::string> images;
    std::multiset<std::string> fonts;
};
Streams streams_of(const fs::path& file) {
    QPDF pdf;
    pdf.setSuppressWarnings(true);
    pdf.processFile(file.c_str());
    Streams streams;
    auto raw = [](QPDFObjectHandle stream) {
        auto buffer = stream.getRawStreamData();
        return std::string(reinterpret_cast<const char*>(buffer->getBuffer()), buffer->getSize());
    };
    for (QPDFObjectHandle object : pdf.getAllObjects()) {
        if (object.isStream() && object.getDict().getKey("/Subtype").isNameAndEquals("/Image"))
            streams.images.insert(raw(object));
        if (object.isDictionary() && object.getKey("/Type").isNameAndEquals("/FontDescriptor")) {
            for (const char* key : {"/FontFile", "/FontFile2", "/FontFile3"}) {
                if (object.getKey(key).isStream())
                    streams.fonts.insert(raw(object.getKey(key)));
            }
        }
    }
    return streams;
}

// podcover's own covers of the sample book, rendered once for the tests.
struct SampleCovers {
    TempDir dir;
    fs::path kdp;
    fs::path ingramspark;
};
const SampleCovers& sample_covers() {
    static const SampleCovers* covers = [] {
        auto* c = new SampleCovers();
        c->kdp =
            saved(c->dir.path, "salt-road.kdp.pdf", fixtures::podcover_cover("kdp", sample_book()));
        c->ingramspark = saved(c->dir.path, "salt-road.ingramspark.pdf",
                               fixtures::podcover_cover("ingramspark", sample_book()));
        return c;
    }();
    return *covers;
}

// A KDP cover of the sample book whose spine title another tool set, its ink `from_front_fold`
// from the front fold.
std::string kdp_spine_title_at(Length from_front_fold) {
    render::Job job = fixtures::sample_job_as("kdp", sample_book());
    job.spine.lines.clear();
    const Layout layout = fixtures::layout_of("kdp", sample_book());
    const Rect spine = layout.at("spine").rect;
    fixtures::TextItem title{"THE SALT ROAD", fixtures::truetype_font, 16, {}, {}, 1};
    const Rect ink = fixtures::ink_of(title);
    const std::string text = fixtures::text_page(
        layout.sheet,
        {fixtures::placed_by_ink(title, spine.right() - from_front_fold - ink.width, 2_in)});
    return fixtures::place_page(fixtures::podcover_cover(job, "kdp"), text, Length(), Length());
}

// A page of `page`'s size drawn by `draw` with Cairo (points, y down), boxes as the layout's.
std::string cairo_page(const Layout& layout, const std::function<void(cairo_t*)>& draw) {
    std::string raw;
    {
        const render::CairoSurface surface =
            render::pdf_surface_into(raw, layout.sheet.width.pt(), layout.sheet.height.pt());
        const render::Cairo cr(cairo_create(surface.get()));
        draw(cr.get());
        cairo_show_page(cr.get());
        cairo_surface_finish(surface.get());
    }
    const Rect sheet{Length(), Length(), layout.sheet.width, layout.sheet.height};
    return render::finish_pdf(raw, {render::PageBoxes{layout.sheet, layout.at("trim").rect, sheet}},
                              render::PdfMetadata{"Vector cover", "", "", ""});
}

// A cover as Inkscape exports one with its text converted to paths: fills, a spine of its own
// colour run across the folds, and every letter an outline (no text the checker can read).
std::string outlined_cover(const Layout& layout) {
    return cairo_page(layout, [&](cairo_t* cr) {
        const Rect spine = layout.at("spine").rect;
        const Rect front = layout.at("front").rect;
        cairo_set_source_rgb(cr, 0.12, 0.16, 0.23);
        cairo_paint(cr);
        cairo_set_source_rgb(cr, 0.55, 0.22, 0.18);
        cairo_rectangle(cr, (spine.left() - 0.1_in).pt(), 0, (spine.width + 0.2_in).pt(),
                        layout.sheet.height.pt());
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.9, 0.75, 0.4);
        cairo_arc(cr, (front.left() + 3_in).pt(), (front.top() + 5_in).pt(), 90, 0, 6.2832);
        cairo_fill(cr);
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
        cairo_set_source_rgb(cr, 0.96, 0.94, 0.89);
        cairo_set_font_size(cr, 40);
        cairo_move_to(cr, (front.left() + 0.7_in).pt(), (front.top() + 1.5_in).pt());
        cairo_text_path(cr, "OUTLINES");
        cairo_fill(cr);
        // The spine title, read top to bottom, its letters centred across the spine.
        cairo_set_font_size(cr, 15);
        cairo_save(cr);
        cairo_translate(cr, (spine.left() + spine.width / 2).pt() - 5.5, (spine.top() + 1_in).pt());
        cairo_rotate(cr, 1.5708);
        cairo_move_to(cr, 0, 0);
        cairo_text_path(cr, "OUTLINED TITLE");
        cairo_fill(cr);
        cairo_restore(cr);
    });
}

}  // namespace

TEST_CASE("the spine plan: strips cut from both edges, or edge columns stretched", "[adapt]") {
    const Layout kdp = test::layout_of("kdp", Binding::paperback, "6x9in", 300, "white");
    const Layout is = test::layout_of("ingramspark", Binding::paperback, "6x9in", 300, "white");

    SECTION("narrower: KDP's 0.6756 in spine to IngramSpark's 0.629 in") {
        const adapt::SpinePlan plan = adapt::plan_spine(kdp, is);
        CHECK(plan.change == adapt::SpineChange::narrower);
        CHECK(plan.edge_change == Length::from_units((0.6756_in - 0.629_in).units() / 2));
        CHECK(plan.edge_change.format(Unit::in, 4) == "0.0233");
        REQUIRE(plan.placements.size() == 3);
        // The back stays, the front moves by the whole change, the spine's middle by half.
        CHECK(plan.placements[0].to_target(1_in) == 1_in);
        CHECK(plan.placements[1].to_target(10_in) == 10_in - (0.6756_in - 0.629_in));
        CHECK(plan.middle_to_target(kdp.at("spine").rect.left() + 0.3378_in) ==
              is.at("spine").rect.left() + 0.3378_in - plan.edge_change);
        CHECK(plan.seams == std::vector<Length>{6.125_in, 6.754_in});
        REQUIRE(plan.source_strips.size() == 2);
        CHECK(plan.source_strips[0].left() == 6.125_in);
        CHECK(plan.source_strips[1].right() == 6.8006_in);
        // The placements tile the target sheet: every x is inside one clip.
        for (Length x = Length(); x < is.sheet.width; x += 0.01_in) {
            const bool inside = std::any_of(plan.placements.begin(), plan.placements.end(),
                                            [&](const adapt::Placement& p) {
                                                return x >= p.clip.left() && x <= p.clip.right();
                                            });
            CHECK(inside);
        }
    }
    SECTION("wider: IngramSpark's spine to KDP's, the outer 0.0233 in stretched across 0.0466 in") {
        const adapt::SpinePlan plan = adapt::plan_spine(is, kdp);
        CHECK(plan.change == adapt::SpineChange::wider);
        CHECK(plan.stretched_strip == plan.edge_change);
        REQUIRE(plan.placements.size() == 5);
        CHECK(plan.placements[2].scale_x == Approx(2.0));
        // The back edge column lands on the fold; the old strip's inner edge where the middle
        // begins.
        CHECK(plan.placements[2].to_target(6.125_in) == 6.125_in);
        CHECK(abs(plan.placements[2].to_target(6.125_in + plan.stretched_strip) -
                  (6.125_in + plan.stretched_strip * 2)) < Length::from_units(2));
        CHECK(plan.target_strips[1].right() == 6.8006_in);
    }
    SECTION("a page-count change of 8 pages on KDP white: 0.018 in") {
        const Layout more = test::layout_of("kdp", Binding::paperback, "6x9in", 308, "white");
        const adapt::SpinePlan plan = adapt::plan_spine(kdp, more);
        CHECK(plan.target_spine - plan.source_spine == 0.018016_in);
        CHECK(plan.stretched_strip == 0.009008_in);
    }
    SECTION("the same width: one placement") {
        const adapt::SpinePlan plan = adapt::plan_spine(kdp, kdp);
        CHECK(plan.change == adapt::SpineChange::same);
        CHECK(plan.placements.size() == 1);
        CHECK(plan.seams.empty());
    }
    SECTION("hardcovers of two printers differ beyond the spine: refused with both numbers") {
        const Layout kdp_case =
            test::layout_of("kdp", Binding::case_laminate, "6x9in", 300, "white");
        const Layout is_case =
            test::layout_of("ingramspark", Binding::case_laminate, "6x9in", 300, "white");
        CHECK_THROWS_WITH(adapt::plan_spine(kdp_case, is_case),
                          Contains("differ beyond the spine") &&
                              Contains("KDP's case laminate hardcover sheet and IngramSpark's case "
                                       "laminate hardcover sheet differ") &&
                              Contains("the sheet is 10.4171 in high against 10.5 in") &&
                              Contains("6.7876 in against 6.94 in"));
    }
}

// The sample's KDP cover adapted to IngramSpark, and that back to KDP, once for the tests.
struct RoundTrip {
    TempDir dir;
    fs::path is;
    fs::path back;
    adapt::AdaptReport there;
    adapt::AdaptReport again;
};
const RoundTrip& round_trip() {
    static const RoundTrip* trip = [] {
        auto* t = new RoundTrip();
        t->is = t->dir.path / "salt-road.ingramspark.pdf";
        t->back = t->dir.path / "salt-road.kdp.pdf";
        t->there = adapted(sample_covers().kdp, t->is, "ingramspark");
        t->again = adapted(t->is, t->back, "kdp");
        return t;
    }();
    return *trip;
}

TEST_CASE("KDP to IngramSpark and back: the KDP cover again, to 0.01 in and to the pixel",
          "[adapt]") {
    const SampleCovers& covers = sample_covers();
    const RoundTrip& trip = round_trip();
    const fs::path& is = trip.is;
    const fs::path& back = trip.back;
    const adapt::AdaptReport& there = trip.there;
    INFO(findings(there));
    REQUIRE(there.output);
    CHECK(there.source_layout.printer_id == "kdp");
    CHECK(there.target_layout.sheet.format(Unit::in, 4) == "12.879 × 9.25 in");
    // IngramSpark's check finds no error (its warnings: the sample is RGB, and KDP's back copy
    // runs inside IngramSpark's 0.25 in rule, within its template's 0.125 in hard limit).
    REQUIRE(there.check);
    CHECK(there.check->verdict != check::Verdict::fail);
    CHECK(errors_in(there) == 0);
    const adapt::AdaptReport& again = trip.again;
    INFO(findings(again));
    REQUIRE(again.check);
    CHECK(again.check->verdict == check::Verdict::pass);

    const auto result = opened(back);
    CHECK(result->page_size().near(Size{12.9256_in, 9.25_in}, 0.0001_in));
    REQUIRE(result->trim_box());
    CHECK(abs(result->trim_box()->left() - 0.125_in) < 0.0001_in);
    CHECK(abs(result->trim_box()->right() - 12.8006_in) < 0.0001_in);

    SECTION("every word back where it was, within 0.01 in") {
        const auto original = printing_words(covers.kdp);
        const auto round_trip = printing_words(back);
        CHECK(round_trip.size() == original.size());
        // Each word is drawn once, where it prints: text extraction finds no copy clipped away.
        CHECK(opened(back)->inventory().words.size() == original.size());
        CHECK(opened(is)->inventory().words.size() == original.size());
        const WordDeviation d =
            word_deviation(original, round_trip, [](const Rect&) { return Length(); });
        CHECK(d.missing == 0);
        CHECK(d.compared == static_cast<int>(original.size()));
        CHECK(d.largest < 0.01_in);
        CHECK(d.largest < 0.0005_in);  // in fact exactly, to Poppler's rounding
    }
    SECTION("on IngramSpark, the front moved by the spine's change, the spine's middle by half") {
        const Length change = 0.6756_in - 0.629_in;
        const WordDeviation d =
            word_deviation(printing_words(covers.kdp), printing_words(is), [&](const Rect& ink) {
                if (ink.left() >= 6.8006_in)
                    return -change;
                if (ink.left() >= 6.125_in)
                    return -change / 2;
                return Length();
            });
        CHECK(d.missing == 0);
        CHECK(d.largest < 0.0005_in);
    }
    SECTION("the pixels outside the spine's edge strips are the KDP cover's") {
        const double ppi = 100;
        const check::Raster a = opened(covers.kdp)->render(ppi).raster;
        const check::Raster b = result->render(ppi).raster;
        const Length strip = 0.0233_in * 2 + 0.03_in;
        const PixelDifference d = pixel_difference(
            a, b,
            {{6.125_in - 0.01_in, 6.125_in + strip}, {6.8006_in - strip, 6.8006_in + 0.01_in}});
        INFO("largest difference " << d.largest << ", share over 24: " << d.share_over_24);
        CHECK(d.compared > 1'000'000);
        CHECK(d.share_over_24 < 0.0005);
        CHECK(d.largest <= 96);
    }
    SECTION("no image is re-encoded and no font rewritten") {
        const Streams source = streams_of(covers.kdp);
        const Streams adapted_once = streams_of(is);
        const Streams twice = streams_of(back);
        REQUIRE(!source.images.empty());
        REQUIRE(!source.fonts.empty());
        CHECK(adapted_once.images == source.images);
        CHECK(adapted_once.fonts == source.fonts);
        CHECK(twice.images == source.images);
        CHECK(twice.fonts == source.fonts);
        // Poppler reads the same fonts, embedded, and the same JPEG.
        std::set<std::string> fonts_before, fonts_after;
        for (const auto& f : opened(covers.kdp)->fonts())
            fonts_before.insert(f.name + (f.embedded ? " embedded" : ""));
        for (const auto& f : result->fonts())
            fonts_after.insert(f.name + (f.embedded ? " embedded" : ""));
        CHECK(fonts_after == fonts_before);
    }
}

TEST_CASE("IngramSpark to KDP: wider, the edge columns stretched, checked for KDP", "[adapt]") {
    const SampleCovers& covers = sample_covers();
    TempDir dir;
    const adapt::AdaptReport report = adapted(covers.ingramspark, dir.path / "out.pdf", "kdp");
    INFO(findings(report));
    REQUIRE(report.output);
    CHECK(report.plan.change == adapt::SpineChange::wider);
    CHECK(report.refusals.empty());
    REQUIRE(report.spine_text.size() == 2);
    for (const auto& c : report.spine_text) {
        CHECK(c.ok);
        CHECK(c.result_back - c.source_back == report.plan.edge_change);
    }
    REQUIRE(report.check);
    CHECK(report.check->verdict != check::Verdict::fail);
    // IngramSpark's cover carries its own barcode: KDP is to be told.
    CHECK(std::any_of(report.check->findings.begin(), report.check->findings.end(),
                      [](const check::Finding& f) { return f.code == "barcode-found"; }));
}

TEST_CASE("a cover whose page is turned (/Rotate 90) adapts as it is displayed", "[adapt]") {
    const SampleCovers& covers = sample_covers();
    TempDir dir;
    // The page stored portrait, its content turned, and /Rotate 90 to show it landscape.
    QPDF pdf;
    pdf.processFile(covers.kdp.c_str());
    QPDFPageObjectHelper page = QPDFPageDocumentHelper(pdf).getAllPages().front();
    page.rotatePage(270, true);
    page.flattenRotation();
    page.rotatePage(90, true);
    // QPDFWriter keeps the file name's pointer until write(): the path must outlive it.
    const fs::path turned_file = dir.path / "turned.pdf";
    QPDFWriter writer(pdf, turned_file.c_str());
    writer.write();
    REQUIRE(opened(dir.path / "turned.pdf")->rotation() == 90);

    const adapt::AdaptReport turned =
        adapted(dir.path / "turned.pdf", dir.path / "turned.is.pdf", "ingramspark");
    INFO(findings(turned));
    REQUIRE(turned.output);
    const adapt::AdaptReport& plain = round_trip().there;
    const WordDeviation d =
        word_deviation(printing_words(*plain.output), printing_words(*turned.output),
                       [](const Rect&) { return Length(); });
    CHECK(d.missing == 0);
    CHECK(d.largest < 0.001_in);
}

TEST_CASE("text shown with ' and \" is drawn once too, where it prints", "[adapt]") {
    const SampleCovers& covers = sample_covers();
    TempDir dir;
    // Three lines on the back cover, in the spine title's font (its subset holds these
    // letters), the second and third shown by ' and " (which move to the next line first).
    QPDF pdf;
    pdf.processFile(covers.kdp.c_str());
    QPDFPageObjectHelper page = QPDFPageDocumentHelper(pdf).getAllPages().front();
    page.addPageContents(
        QPDFObjectHandle::newStream(&pdf,
                                    "q BT /f-0-0 1 Tf 14 0 0 14 60 300 Tm 1.3 TL "
                                    "(THE SALT) Tj (ROAD) ' 0.5 0 (HORSE) \" ET Q\n"),
        false);
    // QPDFWriter keeps the file name's pointer until write(): the path must outlive it.
    const fs::path quotes_file = dir.path / "quotes.pdf";
    QPDFWriter writer(pdf, quotes_file.c_str());
    writer.write();
    const auto before = printing_words(dir.path / "quotes.pdf");
    REQUIRE(std::count_if(before.begin(), before.end(),
                          [](const check::Word& w) { return w.text == "HORSE"; }) == 1);

    const adapt::AdaptReport report =
        adapted(dir.path / "quotes.pdf", dir.path / "out.pdf", "ingramspark");
    INFO(findings(report));
    for (const auto& note : report.notes)
        CHECK_THAT(note, !Contains("could not be matched"));
    const auto words = opened(*report.output)->inventory().words;
    CHECK(words.size() == before.size());
    const WordDeviation d =
        word_deviation(before, printing_words(*report.output), [](const Rect& ink) {
            return ink.left() >= 6.8006_in  ? -(0.6756_in - 0.629_in)
                   : ink.left() >= 6.125_in ? -(0.6756_in - 0.629_in) / 2
                                            : Length();
        });
    CHECK(d.missing == 0);
    CHECK(d.largest < 0.0005_in);
}

TEST_CASE("a page count moved by 8 on one printer", "[adapt]") {
    const SampleCovers& covers = sample_covers();
    TempDir dir;
    for (const int pages : {308, 292}) {
        Options options;
        options.pages = pages;
        const adapt::AdaptReport report =
            adapted(covers.kdp, dir.path / ("p" + std::to_string(pages) + ".pdf"), "kdp", options);
        INFO(pages << "\n" << findings(report));
        CHECK(report.source_layout.printer_id == "kdp");
        CHECK(report.source_layout.pages == 300);
        CHECK(report.target_layout.pages == pages);
        CHECK(abs(report.plan.target_spine - report.plan.source_spine) == 0.018016_in);
        REQUIRE(report.check);
        CHECK(report.check->verdict == check::Verdict::pass);
        CHECK(opened(*report.output)->page_size().near(report.target_layout.sheet, 0.0001_in));
        // Spine text moves with the spine's centre: half the change from each fold.
        for (const auto& c : report.spine_text)
            CHECK(c.result_front - c.source_front == (pages > 300 ? 0.009008_in : -0.009008_in));
    }
}

TEST_CASE("covers as real tools export them", "[adapt][real]") {
    TempDir dir;
    SECTION("a flattened CMYK JPEG cover (Canva's PDF Print): its JPEG kept byte for byte") {
        fixtures::FlattenOptions flat;
        flat.pixels_per_inch = 150;
        const fs::path source = saved(
            dir.path, "canva.pdf",
            fixtures::flatten_to_jpeg(fixtures::podcover_cover("kdp", sample_book()), flat).pdf);
        const adapt::AdaptReport report = adapted(source, dir.path / "out.pdf", "ingramspark");
        INFO(findings(report));
        REQUIRE(report.output);
        // Its lettering is seen in the pixels only, and clears IngramSpark's folds.
        REQUIRE(report.spine_text.size() == 1);
        CHECK(report.spine_text[0].lettering.from_pixels);
        CHECK(report.spine_text[0].ok);
        CHECK(abs(report.spine_text[0].source_front - 0.2397_in) < 0.02_in);
        REQUIRE(report.check);
        CHECK(errors_in(report) == 0);
        const Streams before = streams_of(source), after = streams_of(*report.output);
        REQUIRE(before.images.size() == 1);
        CHECK(after.images == before.images);
        const auto images = opened(*report.output)->inventory().images;
        REQUIRE(!images.empty());
        CHECK(images.front().jpeg);
        CHECK(images.front().color_space == "DeviceCMYK");
    }
    SECTION("an Inkscape-style vector cover, its text converted to outlines") {
        const Layout kdp = fixtures::layout_of("kdp", sample_book());
        const fs::path source = saved(dir.path, "inkscape.pdf", outlined_cover(kdp));
        const adapt::AdaptReport report = adapted(source, dir.path / "out.pdf", "ingramspark");
        INFO(findings(report));
        REQUIRE(report.output);
        REQUIRE(report.spine_text.size() == 1);
        CHECK(report.spine_text[0].lettering.from_pixels);
        CHECK(report.spine_text[0].ok);
        // Centred on the old spine, centred on the new one.
        const auto& c = report.spine_text[0];
        CHECK(abs((c.result_back - c.result_front) - (c.source_back - c.source_front)) < 0.0001_in);
        REQUIRE(report.check);
        CHECK(errors_in(report) == 0);
        CHECK(printing_words(*report.output).empty());
    }
    SECTION(
        "a cover on IngramSpark's template page to KDP: the artwork area, cropped to the bleed") {
        const fs::path source =
            saved(dir.path, "on-template.pdf",
                  fixtures::place_on_template(
                      fixtures::podcover_cover(
                          "ingramspark", fixtures::measured_template_book(Binding::paperback)),
                      fixtures::ingramspark_template(Binding::paperback)));
        const adapt::AdaptReport report = adapted(source, dir.path / "out.pdf", "kdp");
        INFO(findings(report));
        REQUIRE(report.output);
        CHECK(report.source_layout.printer_id == "ingramspark");
        CHECK(report.source_layout.pages == 238);
        CHECK(report.source_layout.paper_id == "cream");
        CHECK_THAT(report.source_printer_how, Contains("template page"));
        // The sheet's corner where the template puts the artwork (PRINTERS.md 7: x 2.709, top).
        CHECK(abs(report.source_sheet.left() - 2.709_in) < 0.002_in);
        CHECK(report.source_sheet.top() == Length());
        const auto result = opened(*report.output);
        CHECK(result->page_size().near(report.target_layout.sheet, 0.0001_in));
        CHECK(report.target_layout.sheet.format(Unit::in, 4) == "11.845 × 8.75 in");
        REQUIRE(report.check);
        CHECK(errors_in(report) == 0);
        // Nothing of the template's margin comes along: its info block is not on the page.
        for (const auto& w : printing_words(*report.output))
            CHECK(w.text != "Request");
    }
}

TEST_CASE("adapt --template writes IngramSpark's cover on its template's page", "[adapt]") {
    TempDir dir;
    const BookSpec book = fixtures::measured_template_book(Binding::paperback);
    const fs::path source = saved(dir.path, "kdp.pdf", fixtures::podcover_cover("kdp", book));
    const fixtures::IngramSparkTemplate tpl = fixtures::ingramspark_template(Binding::paperback);
    const fs::path template_file = saved(dir.path, "template.pdf", tpl.pdf);
    Options options;
    options.target_template = template_file;
    options.paper = "cream";
    const adapt::AdaptReport report = adapted(source, dir.path / "out.pdf", "ingramspark", options);
    INFO(findings(report));
    REQUIRE(report.output);
    const auto result = opened(*report.output);
    CHECK(result->page_size().near(Size{15_in, 12_in}, 0.0001_in));
    REQUIRE(result->bleed_box());
    CHECK(abs(result->bleed_box()->left() - tpl.artwork.left()) < 0.0001_in);
    CHECK(abs(result->bleed_box()->top() - tpl.artwork.top()) < 0.0001_in);
    CHECK(abs(result->bleed_box()->width - 11.791_in) < 0.0001_in);
    REQUIRE(report.check);
    CHECK(errors_in(report) == 0);

    SECTION("a template of another book is refused, with both sizes") {
        const fixtures::IngramSparkTemplate other =
            fixtures::synthetic_ingramspark_template(sample_book());
        Options wrong = options;
        wrong.target_template = saved(dir.path, "other.pdf", other.pdf);
        CHECK_THROWS_AS(adapted(source, dir.path / "x.pdf", "ingramspark", wrong), RefusedError);
        CHECK(!fs::exists(dir.path / "x.pdf"));
    }
    SECTION("KDP's cover is never written on IngramSpark's template") {
        CHECK_THROWS_AS(adapted(source, dir.path / "x.pdf", "kdp", options), UsageError);
    }
}

TEST_CASE("refused: spine text the narrower spine would put inside the clearance", "[adapt]") {
    TempDir dir;
    // 0.07 in from KDP's front fold: clear of KDP's 0.0625 in.
    const fs::path source = saved(dir.path, "tight.pdf", kdp_spine_title_at(0.07_in));
    const fs::path out = dir.path / "out.pdf";
    const adapt::AdaptReport report = adapted(source, out, "ingramspark");
    INFO(findings(report));
    CHECK(report.refused());
    CHECK(!report.output);
    CHECK(!fs::exists(out));
    CHECK(report.failed());
    REQUIRE(report.refusals.size() == 1);
    CHECK_THAT(report.refusals[0],
               Contains("spine text 'THE SALT ROAD' would be 0.0467 in from IngramSpark's front "
                        "fold (0.07 in on the source, less the 0.0233 in cut)") &&
                   Contains("needs 0.0625 in, 0.0158 in more"));

    SECTION("--force writes it, with the warning; the check then fails it") {
        Options force;
        force.force = true;
        const adapt::AdaptReport forced = adapted(source, out, "ingramspark", force);
        CHECK(forced.forced);
        REQUIRE(forced.output);
        CHECK(fs::exists(out));
        CHECK_THAT(forced.warnings.front(), Contains("written with --force: spine text"));
        REQUIRE(forced.check);
        CHECK(forced.check->verdict == check::Verdict::fail);
        CHECK(
            std::any_of(forced.check->findings.begin(), forced.check->findings.end(),
                        [](const check::Finding& f) { return f.code == "spine-text-clearance"; }));
    }
}

TEST_CASE("refused: detail at the spine's edges that stretching would distort", "[adapt]") {
    TempDir dir;
    const Layout is = fixtures::layout_of("ingramspark", sample_book());
    const Length fold = is.at("spine").rect.left();
    // A gold rule half a point wide, 0.016 in inside the back fold, down the whole spine.
    const std::string rule = cairo_page(is, [&](cairo_t* cr) {
        cairo_set_source_rgb(cr, 0.85, 0.7, 0.3);
        cairo_rectangle(cr, (fold + 0.016_in).pt() - 0.25, 0, 0.5, is.sheet.height.pt());
        cairo_fill(cr);
    });
    const fs::path source =
        saved(dir.path, "ruled.pdf",
              fixtures::place_page(fixtures::podcover_cover("ingramspark", sample_book()), rule,
                                   Length(), Length()));
    const adapt::AdaptReport report = adapted(source, dir.path / "out.pdf", "kdp");
    INFO(findings(report));
    CHECK(report.refused());
    REQUIRE(report.edge_detail.size() == 1);
    CHECK(report.edge_detail[0].edge == "back");
    CHECK(report.edge_detail[0].area.height > 9_in);
    REQUIRE(report.refusals.size() == 1);
    CHECK_THAT(report.refusals[0],
               Contains("the old spine's back edge holds detail at x 6.1328\xE2\x80\x93"
                        "6.1483") &&
                   Contains("stretching its 0.0233 in across 0.0466 in would distort"));

    SECTION("narrower, the same rule is cut away: a warning, not a refusal") {
        const fs::path kdp_source =
            saved(dir.path, "kdp-ruled.pdf",
                  fixtures::place_page(fixtures::podcover_cover("kdp", sample_book()), rule,
                                       Length(), Length()));
        const adapt::AdaptReport cut = adapted(kdp_source, dir.path / "cut.pdf", "ingramspark");
        INFO(findings(cut));
        CHECK(!cut.refused());
        CHECK(cut.output);
        CHECK(std::any_of(cut.warnings.begin(), cut.warnings.end(), [](const std::string& w) {
            return w.find("strip cut from the old spine's back edge holds detail") !=
                   std::string::npos;
        }));
    }
}

TEST_CASE("the proof shows source and result at one scale", "[adapt]") {
    const SampleCovers& covers = sample_covers();
    TempDir dir;
    Options options;
    options.proof = dir.path / "proof.pdf";
    const adapt::AdaptReport report =
        adapted(covers.kdp, dir.path / "out.pdf", "ingramspark", options);
    REQUIRE(report.proof);
    const auto proof = opened(*report.proof);
    CHECK(proof->pages() == 1);
    // Both covers one above the other, and the spines beside them.
    CHECK(proof->page_size().height > 9.25_in * 2);
    CHECK(proof->page_size().width > 12.9256_in + 1_in);
    std::string text;
    for (const auto& w : proof->inventory().words)
        text += w.text + " ";
    CHECK_THAT(text, Contains("0.0233"));
    CHECK_THAT(text, Contains("0.2548"));  // a spine text's clearance on the result
}

TEST_CASE("podcover adapt: text, JSON, exit codes, folders", "[adapt][cli]") {
    using test::run_podcover;
    const SampleCovers& covers = sample_covers();
    TempDir dir;
    SECTION("one cover: exit 0, JSON with the plan and the check") {
        const std::string out = (dir.path / "x.pdf").string();
        const auto run = run_podcover(
            {"adapt", covers.kdp.string(), "--to", "ingramspark", "-o", out, "--json"});
        INFO(run.err);
        CHECK(run.exit_code == 0);
        const auto j = nlohmann::json::parse(run.out);
        REQUIRE(j["adapted"].size() == 1);
        const auto& a = j["adapted"][0];
        CHECK(a["written"] == true);
        CHECK(a["from"]["printer"] == "kdp");
        CHECK(a["to"]["printer"] == "ingramspark");
        CHECK(a["spine"]["change"] == "narrower");
        CHECK(a["spine"]["edge_change_in"].get<double>() == Approx(0.0233));
        CHECK(a["spine"]["placements"].size() == 3);
        CHECK(a["check"]["verdict"] != "fail");
        CHECK(j["errors"].empty());
    }
    SECTION("a refusal exits 1 and writes nothing") {
        const fs::path source = saved(dir.path, "tight.pdf", kdp_spine_title_at(0.07_in));
        const auto run = run_podcover(
            {"adapt", source.string(), "--to", "ingramspark", "-o", (dir.path / "x.pdf").string()});
        CHECK(run.exit_code == 1);
        CHECK_THAT(run.out, Contains("refused: spine text 'THE SALT ROAD' would be 0.0467 in"));
        CHECK_THAT(run.out, Contains("nothing written: give --force"));
        CHECK(!fs::exists(dir.path / "x.pdf"));
    }
    SECTION("a folder: each cover named as render names it") {
        fs::create_directory(dir.path / "in");
        fs::copy_file(covers.kdp, dir.path / "in" / "salt-road.kdp.pdf");
        fs::copy_file(covers.kdp, dir.path / "in" / "second.pdf");
        const auto run = run_podcover({"adapt", (dir.path / "in").string(), "--to", "ingramspark",
                                       "-o", (dir.path / "out").string()});
        INFO(run.out << run.err);
        CHECK(run.exit_code == 0);
        CHECK(fs::exists(dir.path / "out" / "salt-road.ingramspark.pdf"));
        CHECK(fs::exists(dir.path / "out" / "second.ingramspark.pdf"));
    }
    SECTION("mistakes: a PDF named for several covers, the source as output") {
        const auto several = run_podcover(
            {"adapt", covers.kdp.string(), covers.kdp.string(), "--to", "kdp", "-o", "x.pdf"});
        CHECK(several.exit_code == 2);
        CHECK_THAT(several.err, Contains("names a PDF, but 2 covers are adapted"));
        const auto onto = run_podcover(
            {"adapt", covers.kdp.string(), "--to", "ingramspark", "-o", covers.kdp.string()});
        CHECK(onto.exit_code == 4);
        CHECK_THAT(onto.err, Contains("would replace"));
        // Nor a file read besides the covers: a printer file, through a link too.
        const fs::path printer_file = dir.path / "kdp.toml";
        fs::copy_file(PODCOVER_TEMPLATES "/kdp.toml", printer_file);
        fs::create_symlink(printer_file, dir.path / "link.pdf");
        const std::string before = podcover::test::slurp(printer_file);
        const auto onto_printer =
            run_podcover({"adapt", covers.kdp.string(), "--to", "ingramspark", "--printer-file",
                          printer_file.string(), "-o", (dir.path / "link.pdf").string()});
        CHECK(onto_printer.exit_code == 4);
        CHECK_THAT(onto_printer.err, Contains("-o: " + (dir.path / "link.pdf").string() +
                                              " would replace " + printer_file.string()));
        CHECK(podcover::test::slurp(printer_file) == before);
        const auto unknown =
            run_podcover({"adapt", covers.kdp.string(), "--to", "lulu", "-o", "x.pdf"});
        CHECK(unknown.exit_code == 2);
        CHECK_THAT(unknown.err, Contains("--to: unknown printer 'lulu'"));
    }
}
