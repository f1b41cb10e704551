#include "podcover/adapt/spine_measure.hpp"

#include <algorithm>
#include <cstdlib>

#include "podcover/check/text_runs.hpp"

namespace podcover::adapt {
namespace {

// The share of lettering's pixels the checker counts as lettering (check/src/pixel_checks.cpp).
constexpr double lettering_share = 0.01;
// Columns or rows holding at least this share of the busiest one's busy pixels belong to the
// lettering.
constexpr double lettering_profile_share = 0.2;

int channel_difference(const std::uint8_t* a, const std::uint8_t* b) {
    int largest = 0;
    for (int c = 0; c < 3; ++c)
        largest = std::max(largest, std::abs(int(a[c]) - int(b[c])));
    return std::max(largest, std::abs(check::lightness(a) - check::lightness(b)));
}

Length pixels_to_length(double pixels, double pixels_per_inch) {
    return Length::from_units(
        static_cast<Length::rep>(pixels / pixels_per_inch * Length::units_per_in));
}

double share_inside(const Rect& inner, const Rect& outer) {
    const double whole = inner.width.in() * inner.height.in();
    if (whole <= 0)
        return outer.contains(inner) ? 1.0 : 0.0;
    const auto common = inner.intersection(outer);
    return common ? common->width.in() * common->height.in() / whole : 0.0;
}

}  // namespace

std::vector<SpineLettering> spine_text_lines(const std::vector<check::Word>& words,
                                             const Rect& spine, const std::vector<Length>& cuts) {
    std::vector<SpineLettering> lines;
    for (const check::TextRun& run : check::join_words(words, cuts)) {
        if (run.ink && run.ink->width == Length() && run.ink->height == Length())
            continue;  // invisible text prints nothing
        const Rect box = run.ink ? *run.ink : run.box;
        if (share_inside(box, spine) < 0.5)
            continue;
        lines.push_back({run.text, false, !run.ink.has_value(), box});
    }
    return lines;
}

std::optional<Rect> lettering_in_pixels(const check::Raster& raster, const Rect& area) {
    const check::Raster::Span span = raster.span(area);
    if (span.empty())
        return std::nullopt;
    const int width = span.x1 - span.x0, height = span.y1 - span.y0;
    std::vector<int> columns(static_cast<std::size_t>(width)),
        rows(static_cast<std::size_t>(height));
    std::vector<char> busy(static_cast<std::size_t>(width) * height);
    auto mark = [&](int x, int y) { busy[static_cast<std::size_t>(y) * width + x] = 1; };
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const std::uint8_t* here = raster.pixel(span.x0 + x, span.y0 + y);
            if (x + 1 < width &&
                channel_difference(here, raster.pixel(span.x0 + x + 1, span.y0 + y)) >
                    check::default_contrast_threshold) {
                mark(x, y);
                mark(x + 1, y);
            }
            if (y + 1 < height &&
                channel_difference(here, raster.pixel(span.x0 + x, span.y0 + y + 1)) >
                    check::default_contrast_threshold) {
                mark(x, y);
                mark(x, y + 1);
            }
        }
    }
    std::size_t total = 0;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            if (busy[static_cast<std::size_t>(y) * width + x]) {
                ++columns[static_cast<std::size_t>(x)];
                ++rows[static_cast<std::size_t>(y)];
                ++total;
            }
        }
    }
    if (static_cast<double>(total) < lettering_share * width * height)
        return std::nullopt;
    auto extent = [](const std::vector<int>& profile) {
        const int most = *std::max_element(profile.begin(), profile.end());
        const int needed = std::max(1, static_cast<int>(most * lettering_profile_share));
        int first = -1, last = -1;
        for (int i = 0; i < static_cast<int>(profile.size()); ++i) {
            if (profile[static_cast<std::size_t>(i)] >= needed) {
                if (first < 0)
                    first = i;
                last = i;
            }
        }
        return std::pair<int, int>{first, last + 1};
    };
    const auto [x0, x1] = extent(columns);
    const auto [y0, y1] = extent(rows);
    return raster.area(check::Raster::Span{span.x0 + x0, span.y0 + y0, span.x0 + x1, span.y0 + y1});
}

std::vector<Rect> detail_across(const check::Raster& raster, const Rect& strip, Length min_run,
                                int threshold) {
    std::vector<Rect> runs;
    const check::Raster::Span span = raster.span(strip);
    if (span.empty() || span.x1 - span.x0 < 2)
        return runs;
    const double ppi = raster.pixels_per_inch;
    const int min_rows = std::max(1, static_cast<int>(min_run.in() * ppi + 0.5));
    constexpr int max_gap = 2;
    int start = -1, last = -1;
    auto close = [&]() {
        if (start >= 0 && last - start + 1 >= min_rows) {
            runs.push_back(Rect::from_edges(strip.left(), pixels_to_length(start, ppi),
                                            strip.right(), pixels_to_length(last + 1, ppi)));
        }
        start = last = -1;
    };
    for (int y = span.y0; y < span.y1; ++y) {
        int low[3] = {255, 255, 255}, high[3] = {0, 0, 0};
        for (int x = span.x0; x < span.x1; ++x) {
            const std::uint8_t* p = raster.pixel(x, y);
            for (int c = 0; c < 3; ++c) {
                low[c] = std::min(low[c], int(p[c]));
                high[c] = std::max(high[c], int(p[c]));
            }
        }
        const bool detailed = high[0] - low[0] > threshold || high[1] - low[1] > threshold ||
                              high[2] - low[2] > threshold;
        if (!detailed)
            continue;
        if (start >= 0 && y - last - 1 > max_gap)
            close();
        if (start < 0)
            start = y;
        last = y;
    }
    close();
    return runs;
}

}  // namespace podcover::adapt
