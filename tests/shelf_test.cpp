// The series sheets (render/shelf.hpp), measured: the shelf view's spines at their layouts'
// widths, in order, heads on one row, each in its own colour with its spine text; the contact
// sheet's fronts at the trim size; the PDFs' page sizes and text read back through Poppler.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <cairo.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <functional>

#include "podcover/errors.hpp"
#include "podcover/render/handles.hpp"
#include "podcover/render/render_job.hpp"
#include "podcover/render/shelf.hpp"
#include "support.hpp"

using namespace podcover;
using namespace podcover::literals;
using namespace podcover::render;
using podcover::test::TempDir;
using podcover::test::write;

namespace {

constexpr double ppi = 100;

// A volume of a 6 x 9 in paperback series on white paper, its spine painted `spine_color`.
struct Series {
    TempDir dir;
    std::vector<Job> jobs;

    void add(int number, int pages, const std::string& spine_color, const std::string& extra = "") {
        const auto path = dir.path / ("vol" + std::to_string(number) + ".toml");
        write(path, "title = \"The Salt Road " + std::to_string(number) +
                        "\"\nauthors = [\"Ann Author\"]\ntrim = \"6x9in\"\npages = " +
                        std::to_string(pages) +
                        "\npaper = \"white\"\nprinters = [\"kdp\"]\n"
                        "[back]\ncopy = \"Backcopyword appears only on the back.\"\n"
                        "[colors]\nbackground = \"#1f3b4d\"\ntext = \"#f4efe6\"\nspine = \"" +
                        spine_color + "\"\n" + extra);
        jobs.push_back(read_job_file(path));
    }
    std::vector<ShelfVolume> volumes() const {
        std::vector<ShelfVolume> all;
        for (std::size_t i = 0; i < jobs.size(); ++i)
            all.push_back({&jobs[i], std::to_string(i + 1), {}});
        return all;
    }
};

const std::vector<int> pages{120, 240, 400, 600};
const std::vector<std::string> spine_colors{"#7a1f3d", "#1d5c3a", "#2a3f8f", "#8a5a12"};

std::unique_ptr<Series> four_volumes() {
    auto series = std::make_unique<Series>();
    for (std::size_t i = 0; i < pages.size(); ++i)
        series->add(static_cast<int>(i + 1), pages[i], spine_colors[i]);
    return series;
}

Length spine_width(int page_count) {
    return test::layout_of("kdp", Binding::paperback, "6x9in", page_count, "white").spine_width;
}

// PNG bytes as a Cairo surface.
struct PngReader {
    const std::string* bytes;
    std::size_t at = 0;
};
CairoSurface decode_png(const std::string& bytes) {
    PngReader reader{&bytes};
    CairoSurface surface(cairo_image_surface_create_from_png_stream(
        [](void* closure, unsigned char* data, unsigned int length) {
            auto* r = static_cast<PngReader*>(closure);
            if (r->at + length > r->bytes->size())
                return CAIRO_STATUS_READ_ERROR;
            std::memcpy(data, r->bytes->data() + r->at, length);
            r->at += length;
            return CAIRO_STATUS_SUCCESS;
        },
        &reader));
    REQUIRE(cairo_surface_status(surface.get()) == CAIRO_STATUS_SUCCESS);
    cairo_surface_flush(surface.get());
    return surface;
}

struct Rgb {
    int red = 0, green = 0, blue = 0;
};
Rgb pixel(cairo_surface_t* surface, int x, int y) {
    const unsigned char* row =
        cairo_image_surface_get_data(surface) +
        static_cast<std::ptrdiff_t>(y) * cairo_image_surface_get_stride(surface);
    std::uint32_t value;
    std::memcpy(&value, row + static_cast<std::ptrdiff_t>(x) * 4, 4);
    return {static_cast<int>((value >> 16) & 0xff), static_cast<int>((value >> 8) & 0xff),
            static_cast<int>(value & 0xff)};
}
Rgb rgb(const std::string& hex) {
    const Color c = Color::parse(hex);
    return {static_cast<int>(std::lround(c.red * 255)),
            static_cast<int>(std::lround(c.green * 255)),
            static_cast<int>(std::lround(c.blue * 255))};
}
bool near(const Rgb& a, const Rgb& b, int tolerance = 2) {
    return std::abs(a.red - b.red) <= tolerance && std::abs(a.green - b.green) <= tolerance &&
           std::abs(a.blue - b.blue) <= tolerance;
}
bool background(cairo_surface_t* surface, int x, int y) {
    return near(pixel(surface, x, y), rgb("#ecebe6"), 1);
}

// The runs of non-background pixels along one row: [first, last] columns.
std::vector<std::pair<int, int>> runs_in_row(cairo_surface_t* surface, int y) {
    std::vector<std::pair<int, int>> runs;
    const int width = cairo_image_surface_get_width(surface);
    for (int x = 0; x < width; ++x) {
        if (background(surface, x, y))
            continue;
        int last = x;
        while (last + 1 < width && !background(surface, last + 1, y))
            ++last;
        runs.push_back({x, last});
        x = last;
    }
    return runs;
}

int px(Length length) {
    return static_cast<int>(std::lround(length.in() * ppi));
}

std::unique_ptr<poppler::page> first_page(const std::string& pdf,
                                          std::unique_ptr<poppler::document>& document) {
    document.reset(poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
    REQUIRE(document != nullptr);
    REQUIRE(document->pages() == 1);
    return std::unique_ptr<poppler::page>(document->create_page(0));
}

std::string text_of(poppler::page& page) {
    const poppler::byte_array bytes = page.text().to_utf8();
    return std::string(bytes.begin(), bytes.end());
}

}  // namespace

TEST_CASE("shelf view: spines at their widths, in order, heads on one row", "[shelf]") {
    const auto series = four_volumes();
    ShelfOptions options;
    options.pixels_per_inch = ppi;
    const ShelfImages shelf = shelf_view(series->volumes(), test::printer("kdp"), options);
    CHECK(shelf.skipped.empty());

    std::vector<Length> widths;
    Length total = shelf_margin * 2 + shelf_gap * 3;
    for (int count : pages) {
        widths.push_back(spine_width(count));
        total += widths.back();
    }
    // 120 to 600 pages of white paper: 0.27 to 1.35 in (0.002252 in a page [KDP-H]).
    CHECK(widths.front().in() == Approx(0.27024).margin(1e-4));
    CHECK(widths.back().in() == Approx(1.3512).margin(1e-4));
    const Length height = shelf_margin * 2 + 9_in + shelf_plank + shelf_label_band;

    const CairoSurface png = decode_png(shelf.png);
    CHECK(cairo_image_surface_get_width(png.get()) ==
          static_cast<int>(std::ceil(total.in() * ppi)));
    CHECK(cairo_image_surface_get_height(png.get()) ==
          static_cast<int>(std::ceil(height.in() * ppi)));

    // A row near the tails, below the spine text (it keeps the safe margin from the trim).
    const int row = px(shelf_margin + 9_in - 0.05_in);
    const auto runs = runs_in_row(png.get(), row);
    REQUIRE(runs.size() == 4);
    Length left = shelf_margin;
    int head_row = -1;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        INFO("volume " << i + 1 << ": columns " << runs[i].first << " to " << runs[i].second);
        const int width_px = runs[i].second - runs[i].first + 1;
        CHECK(std::abs(width_px - widths[i].in() * ppi) <= 2);
        CHECK(std::abs(runs[i].first - left.in() * ppi) <= 1.5);
        const int centre = (runs[i].first + runs[i].second) / 2;
        CHECK(near(pixel(png.get(), centre, row), rgb(spine_colors[i])));
        // Weighing the edge pixels by how much of the spine colour they hold: to a fifth of a
        // pixel.
        const Rgb paper = rgb("#ecebe6"), spine = rgb(spine_colors[i]);
        double covered_px = 0;
        for (int x = runs[i].first; x <= runs[i].second; ++x) {
            const Rgb p = pixel(png.get(), x, row);
            covered_px += std::clamp(double(p.red - paper.red) / (spine.red - paper.red), 0.0, 1.0);
        }
        CHECK(std::abs(covered_px - widths[i].in() * ppi) <= 0.2);
        // The head: the first row of the strip's column that is not background.
        int top = 0;
        while (background(png.get(), centre, top))
            ++top;
        if (head_row < 0)
            head_row = top;
        CHECK(top == head_row);
        left += widths[i] + shelf_gap;
    }
    CHECK(head_row == px(shelf_margin));

    // Each spine carries the cover's spine text, in the text colour, between head and tail.
    for (std::size_t i = 0; i < runs.size(); ++i) {
        int text_pixels = 0;
        for (int y = head_row; y < row; ++y) {
            for (int x = runs[i].first + 2; x < runs[i].second - 1; ++x)
                text_pixels += near(pixel(png.get(), x, y), rgb("#f4efe6"), 24) ? 1 : 0;
        }
        INFO("volume " << i + 1);
        CHECK(text_pixels > 100);
    }

    // The guide: a faint line in the margin, on the row where the first volume's spine text
    // begins (its first pixel other than the spine's colour); none when turned off.
    auto guide_rows = [&](cairo_surface_t* surface) {
        std::vector<int> found;
        for (int y = 0; y < row; ++y) {
            if (!background(surface, px(shelf_margin) - 5, y))
                found.push_back(y);
        }
        return found;
    };
    options.text_start_guide = false;
    const ShelfImages plain = shelf_view(series->volumes(), test::printer("kdp"), options);
    const CairoSurface plain_png = decode_png(plain.png);
    CHECK(guide_rows(plain_png.get()).empty());
    int first_text_row = -1;
    for (int y = head_row; y < row && first_text_row < 0; ++y) {
        for (int x = runs[0].first + 2; x < runs[0].second - 1; ++x) {
            if (!near(pixel(plain_png.get(), x, y), rgb(spine_colors[0]), 8)) {
                first_text_row = y;
                break;
            }
        }
    }
    const auto guide = guide_rows(png.get());
    REQUIRE(!guide.empty());
    INFO("guide rows " << guide.front() << " to " << guide.back() << ", text from "
                       << first_text_row);
    CHECK(guide.back() - guide.front() <= 1);
    CHECK(std::abs(guide.front() - first_text_row) <= 1);

    // The last spine is the cover's own: its spine text starts on the same row, measured from
    // the head, as in render's preview of that volume, and has as much ink.
    {
        RenderOptions render_options;
        render_options.preview_pixels_per_inch = ppi;
        const RenderReport report = render_job(series->jobs[3], {&test::printer("kdp")},
                                               series->dir.path / "out", render_options);
        const CairoSurface preview(cairo_image_surface_create_from_png(
            (series->dir.path / "out" / "vol4.kdp.png").c_str()));
        REQUIRE(cairo_surface_status(preview.get()) == CAIRO_STATUS_SUCCESS);
        const Rect spine = report.layouts.at(0).at("spine").rect;
        struct Ink {
            int first_row = -1;
            int pixels = 0;
        };
        auto text_ink = [](cairo_surface_t* surface, int from_x, int to_x, int top, int bottom) {
            Ink ink;
            for (int y = top; y < bottom; ++y) {
                for (int x = from_x; x <= to_x; ++x) {
                    if (near(pixel(surface, x, y), rgb("#f4efe6"), 24)) {
                        ink.pixels += 1;
                        if (ink.first_row < 0)
                            ink.first_row = y - top;
                    }
                }
            }
            return ink;
        };
        const Ink on_shelf =
            text_ink(png.get(), runs[3].first + 2, runs[3].second - 2, head_row, row);
        const Ink on_cover = text_ink(preview.get(), px(spine.left()) + 2, px(spine.right()) - 2,
                                      px(spine.top()), px(spine.bottom() - 0.05_in));
        INFO("first text row " << on_shelf.first_row << " / " << on_cover.first_row
                               << ", ink pixels " << on_shelf.pixels << " / " << on_cover.pixels);
        CHECK(std::abs(on_shelf.first_row - on_cover.first_row) <= 1);
        CHECK(std::abs(on_shelf.pixels - on_cover.pixels) <= on_cover.pixels / 10);
    }

    // The PDF: one page of the documented size, the spine text and labels in it, and none of
    // the covers' other text (cut away, not merely clipped).
    std::unique_ptr<poppler::document> document;
    const auto page = first_page(shelf.pdf, document);
    CHECK(page->page_rect().width() == Approx(total.pt()).margin(0.01));
    CHECK(page->page_rect().height() == Approx(height.pt()).margin(0.01));
    const std::string text = text_of(*page);
    CHECK(text.find("Salt Road 4") != std::string::npos);
    CHECK(text.find("Backcopyword") == std::string::npos);
}

TEST_CASE("contact sheet: every front at the trim size, in a grid", "[shelf]") {
    const auto series = four_volumes();
    ShelfOptions options;
    options.pixels_per_inch = ppi;

    const ShelfImages sheet = contact_sheet(series->volumes(), test::printer("kdp"), options);
    const Length width = contact_margin * 2 + 6_in * 4 + contact_gap * 3;
    const Length height = contact_margin * 2 + 9_in + contact_label_band;
    const CairoSurface png = decode_png(sheet.png);
    CHECK(cairo_image_surface_get_width(png.get()) ==
          static_cast<int>(std::ceil(width.in() * ppi)));
    CHECK(cairo_image_surface_get_height(png.get()) ==
          static_cast<int>(std::ceil(height.in() * ppi)));
    // Across the fronts' middles: four runs of 6 in.
    const auto runs = runs_in_row(png.get(), px(contact_margin + 4.5_in));
    REQUIRE(runs.size() == 4);
    for (std::size_t i = 0; i < runs.size(); ++i) {
        INFO("front " << i + 1 << ": columns " << runs[i].first << " to " << runs[i].second);
        CHECK(std::abs(runs[i].second - runs[i].first + 1 - 600) <= 2);
        CHECK(std::abs(runs[i].first - px(contact_margin + (6_in + contact_gap) *
                                                               static_cast<Length::rep>(i))) <= 1);
        // Down a column near the front's left edge (away from the centred label): 9 in.
        const int x = runs[i].first + 20;
        int top = 0;
        while (background(png.get(), x, top))
            ++top;
        int bottom = top;
        while (!background(png.get(), x, bottom + 1))
            ++bottom;
        CHECK(top == px(contact_margin));
        CHECK(std::abs(bottom - top + 1 - 900) <= 2);
        // The front's own background, not the spine's.
        CHECK(near(pixel(png.get(), x, top + 450), rgb("#1f3b4d")));
    }
    std::unique_ptr<poppler::document> document;
    const auto page = first_page(sheet.pdf, document);
    CHECK(page->page_rect().width() == Approx(width.pt()).margin(0.01));
    CHECK(page->page_rect().height() == Approx(height.pt()).margin(0.01));
    const std::string text = text_of(*page);
    CHECK(text.find("The Salt Road 3") != std::string::npos);
    CHECK(text.find("Backcopyword") == std::string::npos);

    // Three columns: two rows.
    options.contact_columns = 3;
    const ShelfImages rows = contact_sheet(series->volumes(), test::printer("kdp"), options);
    const auto page2 = first_page(rows.pdf, document);
    CHECK(page2->page_rect().width() ==
          Approx((contact_margin * 2 + 6_in * 3 + contact_gap * 2).pt()).margin(0.01));
    CHECK(page2->page_rect().height() ==
          Approx((contact_margin * 2 + (9_in + contact_label_band) * 2 + contact_gap).pt())
              .margin(0.01));
}

TEST_CASE("shelf view: a volume the printer refuses is left out and named", "[shelf]") {
    auto series = four_volumes();
    series->add(5, 10, "#444444");  // below KDP's least page count for a paperback
    const ShelfImages shelf = shelf_view(series->volumes(), test::printer("kdp"));
    REQUIRE(shelf.skipped.size() == 1);
    CHECK(shelf.skipped[0].index == 4);
    CHECK(shelf.skipped[0].label == "5");
    CHECK_THAT(shelf.skipped[0].reason, Catch::Contains("10"));
    const CairoSurface png = decode_png(shelf.png);
    CHECK(runs_in_row(png.get(), px(shelf_margin + 9_in - 0.05_in)).size() == 4);

    Series refused;
    refused.add(1, 10, "#444444");
    CHECK_THROWS_AS(shelf_view(refused.volumes(), test::printer("kdp")), RefusedError);
    CHECK_THROWS_AS(contact_sheet({}, test::printer("kdp")), UsageError);
    ShelfOptions huge;
    huge.pixels_per_inch = 100000;
    CHECK_THROWS_AS(shelf_view(series->volumes(), test::printer("kdp"), huge), UsageError);
}

TEST_CASE("contact sheet: a front's art as the cover prints it", "[shelf]") {
    Series series;
    const auto art = std::filesystem::path(PODCOVER_SAMPLES) / "book" / "art" / "wrap.jpg";
    series.add(1, 300, "#7a1f3d", "[art]\nwrap = \"" + art.string() + "\"\n");
    ShelfOptions options;
    options.pixels_per_inch = ppi;
    const ShelfImages sheet = contact_sheet(series.volumes(), test::printer("kdp"), options);
    const CairoSurface png = decode_png(sheet.png);

    RenderOptions render_options;
    render_options.preview_pixels_per_inch = ppi;
    const RenderReport report = render_job(series.jobs[0], {&test::printer("kdp")},
                                           series.dir.path / "out", render_options);
    const CairoSurface preview(
        cairo_image_surface_create_from_png((series.dir.path / "out" / "vol1.kdp.png").c_str()));
    REQUIRE(cairo_surface_status(preview.get()) == CAIRO_STATUS_SUCCESS);
    const Rect front = report.layouts.at(0).at("front").rect;

    // Block by block (half an inch square), the mean colour of the sheet's front and of the
    // preview's front agree: the art is there, decoded at the sheet's resolution, in place.
    auto block_mean = [](cairo_surface_t* surface, int left, int top) {
        double sum[3] = {0, 0, 0};
        for (int y = top + 2; y < top + 48; ++y) {
            for (int x = left + 2; x < left + 48; ++x) {
                const Rgb p = pixel(surface, x, y);
                sum[0] += p.red, sum[1] += p.green, sum[2] += p.blue;
            }
        }
        return std::array<double, 3>{sum[0] / 2116, sum[1] / 2116, sum[2] / 2116};
    };
    double worst = 0, spread = 0;
    std::array<double, 3> first{};
    for (int row = 0; row < 18; ++row) {
        for (int column = 0; column < 12; ++column) {
            const auto on_sheet = block_mean(png.get(), px(contact_margin) + column * 50,
                                             px(contact_margin) + row * 50);
            const auto on_cover = block_mean(preview.get(), px(front.left()) + column * 50,
                                             px(front.top()) + row * 50);
            if (row == 0 && column == 0)
                first = on_cover;
            for (int c = 0; c < 3; ++c) {
                worst = std::max(worst, std::abs(on_sheet[static_cast<std::size_t>(c)] -
                                                 on_cover[static_cast<std::size_t>(c)]));
                spread = std::max(spread, std::abs(on_cover[static_cast<std::size_t>(c)] -
                                                   first[static_cast<std::size_t>(c)]));
            }
        }
    }
    INFO("largest difference of a block's mean: " << worst << "; the art's own range: " << spread);
    CHECK(spread > 40);  // the art varies: the comparison means something
    CHECK(worst < 4);
}

TEST_CASE("shelf view: case-laminate spines, the design shared with KDP", "[shelf]") {
    Series series;
    series.add(1, 300, "#7a1f3d", "");
    series.add(2, 500, "#1d5c3a", "");
    for (auto& job : series.jobs)
        job.binding = Binding::case_laminate;
    ShelfOptions options;
    options.pixels_per_inch = ppi;
    options.design_printers = {&test::printer("kdp"), &test::printer("ingramspark")};
    const ShelfImages shelf = shelf_view(series.volumes(), test::printer("ingramspark"), options);
    for (const auto& skip : shelf.skipped)
        INFO(skip.label << ": " << skip.reason);
    REQUIRE(shelf.skipped.empty());
    const Layout thin =
        test::layout_of("ingramspark", Binding::case_laminate, "6x9in", 300, "white");
    const Layout thick =
        test::layout_of("ingramspark", Binding::case_laminate, "6x9in", 500, "white");
    // IngramSpark's casebound table: 0.6875 in for 300 pages of white paper (PRINTERS.md's
    // worked example).
    CHECK(thin.spine_width == 0.6875_in);
    const Rect spine = thin.at("spine").rect;
    const CairoSurface png = decode_png(shelf.png);
    const auto runs = runs_in_row(png.get(), px(shelf_margin + spine.height - 0.05_in));
    REQUIRE(runs.size() == 2);
    CHECK(std::abs(runs[0].second - runs[0].first + 1 - px(thin.spine_width)) <= 2);
    CHECK(std::abs(runs[1].second - runs[1].first + 1 - px(thick.spine_width)) <= 2);
    std::unique_ptr<poppler::document> document;
    const auto page = first_page(shelf.pdf, document);
    CHECK(page->page_rect().width() ==
          Approx((shelf_margin * 2 + thin.spine_width + thick.spine_width + shelf_gap).pt())
              .margin(0.01));
    CHECK(page->page_rect().height() ==
          Approx((shelf_margin * 2 + spine.height + shelf_plank + shelf_label_band).pt())
              .margin(0.01));
}

TEST_CASE("shelf view: each volume designed for its own printers", "[shelf]") {
    // A series' volumes may go to different printers; each volume's spine text is fitted as its
    // own render fits it, to the narrowest spine of its printers (render_job), not to the
    // first volume's printers.
    Series series;
    series.add(1, 120, "#7a1f3d", "");
    series.add(2, 120, "#7a1f3d", "");
    std::vector<ShelfVolume> volumes = series.volumes();
    volumes[0].design_printers = {&test::printer("ingramspark")};
    volumes[1].design_printers = {&test::printer("ingramspark"), &test::printer("kdp")};
    ShelfOptions options;
    options.pixels_per_inch = ppi;
    const ShelfImages shelf = shelf_view(volumes, test::printer("ingramspark"), options);
    REQUIRE(shelf.skipped.empty());
    std::unique_ptr<poppler::document> document;
    const auto page = first_page(shelf.pdf, document);
    // The title's word on each spine, left to right: its box across the spine is the text's
    // size.
    std::vector<std::pair<double, double>> words;  // left edge, width
    for (const auto& box : page->text_list()) {
        const auto text = box.text().to_utf8();
        if (std::string(text.begin(), text.end()) == "SALT" ||
            std::string(text.begin(), text.end()) == "Salt")
            words.emplace_back(box.bbox().left(), box.bbox().width());
    }
    std::sort(words.begin(), words.end());
    std::vector<double> across;
    for (const auto& word : words)
        across.push_back(word.second);
    REQUIRE(across.size() == 2);
    INFO("across the spine: " << across[0] << " pt, " << across[1] << " pt");
    const Layout kdp = test::layout_of("kdp", Binding::paperback, "6x9in", 120, "white");
    const Layout ingram = test::layout_of("ingramspark", Binding::paperback, "6x9in", 120, "white");
    // KDP's spine-text area is the narrower (0.1452 in against IngramSpark's 0.1915, its
    // clearance larger): the second volume, designed for both, has the smaller text.
    REQUIRE(kdp.at("spine-text").rect.width < ingram.at("spine-text").rect.width);
    CHECK(across[1] < across[0] * 0.995);
}

TEST_CASE("contact sheet: a right-to-left book's front is on the left of its sheet", "[shelf]") {
    Series series;
    series.add(1, 300, "#7a1f3d", "");
    series.jobs[0].direction = ReadingDirection::right_to_left;
    const ShelfImages sheet = contact_sheet(series.volumes(), test::printer("kdp"));
    std::unique_ptr<poppler::document> document;
    const auto page = first_page(sheet.pdf, document);
    const std::string text = text_of(*page);
    CHECK(text.find("The Salt Road 1") != std::string::npos);
    CHECK(text.find("Backcopyword") == std::string::npos);
}

namespace {

// The PDF's page as Poppler draws it, at `pixels_per_inch`.
Rgb pdf_pixel(const std::string& pdf, double pixels_per_inch, int x, int y) {
    std::unique_ptr<poppler::document> document;
    const auto page = first_page(pdf, document);
    poppler::page_renderer renderer;
    const poppler::image image =
        renderer.render_page(page.get(), pixels_per_inch, pixels_per_inch, x, y, 1, 1);
    REQUIRE(image.is_valid());
    REQUIRE(image.format() == poppler::image::format_argb32);
    std::uint32_t value;
    std::memcpy(&value, image.const_data(), 4);
    return {static_cast<int>((value >> 16) & 0xff), static_cast<int>((value >> 8) & 0xff),
            static_cast<int>(value & 0xff)};
}

}  // namespace

TEST_CASE("shelf view: a CMYK printer's spines soft-proofed as its preview, RGB's as designed",
          "[shelf][color]") {
    Series series;
    // Pure RGB green: far outside what CMYK ink prints, so the proof must dull it.
    series.add(1, 300, "#00ff00", "");
    series.add(2, 400, "#1d5c3a", "");
    ShelfOptions options;
    options.pixels_per_inch = ppi;
    options.design_printers = {&test::printer("kdp"), &test::printer("ingramspark")};

    // render's own previews of volume 1: IngramSpark's cover is CMYK, soft-proofed.
    RenderOptions render_options;
    render_options.preview_pixels_per_inch = ppi;
    const RenderReport report =
        render_job(series.jobs[0], {&test::printer("kdp"), &test::printer("ingramspark")},
                   series.dir.path / "out", render_options);
    REQUIRE(report.colors.at(1).mode == ColorMode::cmyk);
    const auto preview_spine = [&](const std::string& printer, std::size_t index) {
        const CairoSurface preview(cairo_image_surface_create_from_png(
            (series.dir.path / "out" / ("vol1." + printer + ".png")).c_str()));
        REQUIRE(cairo_surface_status(preview.get()) == CAIRO_STATUS_SUCCESS);
        const Rect spine = report.layouts.at(index).at("spine").rect;
        // The spine's middle, near the tail: its colour, below the spine text.
        return pixel(preview.get(), px(spine.left() + spine.width / 2),
                     px(spine.bottom() - 0.1_in));
    };
    const Rgb kdp_preview = preview_spine("kdp", 0);
    const Rgb ingram_preview = preview_spine("ingramspark", 1);
    INFO("previews: KDP " << kdp_preview.red << "," << kdp_preview.green << "," << kdp_preview.blue
                          << "; IngramSpark " << ingram_preview.red << "," << ingram_preview.green
                          << "," << ingram_preview.blue);
    CHECK(near(kdp_preview, rgb("#00ff00")));
    // Measurably duller: the green well below full, red or blue raised.
    CHECK(ingram_preview.green < 235);
    CHECK(std::max(ingram_preview.red, ingram_preview.blue) > 20);

    for (const std::string printer : {"kdp", "ingramspark"}) {
        CAPTURE(printer);
        const ShelfImages shelf = shelf_view(series.volumes(), test::printer(printer), options);
        REQUIRE(shelf.skipped.empty());
        const Layout layout = test::layout_of(printer, Binding::paperback, "6x9in", 300, "white");
        const Rect spine = layout.at("spine").rect;
        const Length x = shelf_margin + spine.width / 2;
        const Length y = shelf_margin + spine.height - 0.1_in;
        const CairoSurface png = decode_png(shelf.png);
        const Rgb on_png = pixel(png.get(), px(x), px(y));
        const Rgb on_pdf = pdf_pixel(shelf.pdf, ppi, px(x), px(y));
        const Rgb& expected = printer == "kdp" ? kdp_preview : ingram_preview;
        INFO("shelf PNG " << on_png.red << "," << on_png.green << "," << on_png.blue << "; PDF "
                          << on_pdf.red << "," << on_pdf.green << "," << on_pdf.blue);
        CHECK(near(on_png, expected, 3));
        CHECK(near(on_pdf, expected, 3));
    }
}

TEST_CASE("contact sheet of a CMYK printer: the fronts' art soft-proofed, in the PDF too",
          "[shelf][color]") {
    Series series;
    const auto art = std::filesystem::path(PODCOVER_SAMPLES) / "book" / "art" / "wrap.jpg";
    series.add(1, 300, "#7a1f3d", "[art]\nwrap = \"" + art.string() + "\"\n");
    ShelfOptions options;
    options.pixels_per_inch = ppi;
    const ShelfImages sheet =
        contact_sheet(series.volumes(), test::printer("ingramspark"), options);
    const ShelfImages as_designed = [&] {
        ShelfOptions rgb_options = options;
        rgb_options.color = ColorMode::rgb;
        return contact_sheet(series.volumes(), test::printer("ingramspark"), rgb_options);
    }();
    RenderOptions render_options;
    render_options.preview_pixels_per_inch = ppi;
    const RenderReport report = render_job(series.jobs[0], {&test::printer("ingramspark")},
                                           series.dir.path / "out", render_options);
    const CairoSurface preview(cairo_image_surface_create_from_png(
        (series.dir.path / "out" / "vol1.ingramspark.png").c_str()));
    REQUIRE(cairo_surface_status(preview.get()) == CAIRO_STATUS_SUCCESS);
    const Rect front = report.layouts.at(0).at("front").rect;
    const CairoSurface png = decode_png(sheet.png);
    const CairoSurface rgb_png = decode_png(as_designed.png);

    // The mean colour of half-inch blocks: the sheet's PNG and PDF against render's
    // soft-proofed preview, and how far the design's own colours are from it.
    auto block_mean = [](const std::function<Rgb(int, int)>& at, int left, int top) {
        double sum[3] = {0, 0, 0};
        for (int y = top + 5; y < top + 45; y += 4) {
            for (int x = left + 5; x < left + 45; x += 4) {
                const Rgb p = at(x, y);
                sum[0] += p.red, sum[1] += p.green, sum[2] += p.blue;
            }
        }
        return std::array<double, 3>{sum[0] / 100, sum[1] / 100, sum[2] / 100};
    };
    std::unique_ptr<poppler::document> document;
    const auto page = first_page(sheet.pdf, document);
    poppler::page_renderer renderer;
    const poppler::image pdf_image = renderer.render_page(page.get(), ppi, ppi);
    REQUIRE(pdf_image.is_valid());
    const auto pdf_at = [&](int x, int y) {
        std::uint32_t value;
        std::memcpy(&value, pdf_image.const_data() + y * pdf_image.bytes_per_row() + x * 4, 4);
        return Rgb{static_cast<int>((value >> 16) & 0xff), static_cast<int>((value >> 8) & 0xff),
                   static_cast<int>(value & 0xff)};
    };
    double worst_png = 0, worst_pdf = 0, designed = 0;
    for (int row = 0; row < 18; row += 3) {
        for (int column = 0; column < 12; column += 3) {
            const int sheet_x = px(contact_margin) + column * 50;
            const int sheet_y = px(contact_margin) + row * 50;
            const auto proofed =
                block_mean([&](int x, int y) { return pixel(preview.get(), x, y); },
                           px(front.left()) + column * 50, px(front.top()) + row * 50);
            const auto on_png =
                block_mean([&](int x, int y) { return pixel(png.get(), x, y); }, sheet_x, sheet_y);
            const auto on_pdf = block_mean(pdf_at, sheet_x, sheet_y);
            const auto on_rgb = block_mean([&](int x, int y) { return pixel(rgb_png.get(), x, y); },
                                           sheet_x, sheet_y);
            for (std::size_t c = 0; c < 3; ++c) {
                worst_png = std::max(worst_png, std::abs(on_png[c] - proofed[c]));
                worst_pdf = std::max(worst_pdf, std::abs(on_pdf[c] - proofed[c]));
                designed = std::max(designed, std::abs(on_rgb[c] - proofed[c]));
            }
        }
    }
    INFO("largest difference of a block's mean from the preview: PNG "
         << worst_png << ", PDF " << worst_pdf << ", the design's colours " << designed);
    CHECK(designed > 10);  // the proof changes the art: the comparison means something
    CHECK(worst_png < 4);
    CHECK(worst_pdf < 4);
}
