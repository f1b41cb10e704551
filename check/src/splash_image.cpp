#include "splash_image.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace podcover::check {
namespace {

// An axis Splash shrinks: scaled pixel i averages count(i) source pixels from first(i). The
// counts are Splash's Bresenham steps (source / scaled, one more for (source % scaled) of them),
// so first(i) = i * p + floor(i * q / scaled).
struct ShrunkAxis {
    std::int64_t source, scaled, p, q;
    ShrunkAxis(int source_size, int scaled_size)
        : source(source_size), scaled(scaled_size), p(source / scaled), q(source % scaled) {}
    int first(int i) const { return static_cast<int>(i * p + i * q / scaled); }
    int count(int i) const { return first(i + 1) - first(i); }
};

// An axis Splash grows by repeating pixels: source pixel j fills scaled pixels
// [start(j), start(j + 1)), start(j) = j * p + floor(j * q / source).
struct RepeatedAxis {
    std::int64_t source, scaled, p, q;
    RepeatedAxis(int source_size, int scaled_size)
        : source(source_size), scaled(scaled_size), p(scaled / source), q(scaled % source) {}
    std::int64_t start(std::int64_t j) const { return j * p + j * q / source; }
    int source_of(int i) const {
        auto j = static_cast<std::int64_t>(i) * source / scaled;
        while (j + 1 < source && start(j + 1) <= i)
            ++j;
        while (j > 0 && start(j) > i)
            --j;
        return static_cast<int>(j);
    }
};

// An axis Splash interpolates: scaled pixel i lies at source position i * (source / scaled),
// the step added up as Splash adds it (so that rounding drifts the same way), between source
// pixels whole[i] and next[i] (the last pixel stands in for the one past it).
struct InterpolatedAxis {
    std::vector<int> whole, next;
    std::vector<double> fraction;
    bool same_size;
    InterpolatedAxis(int source_size, int scaled_size, int needed)
        : same_size(source_size == scaled_size) {
        const double step = static_cast<double>(source_size) / scaled_size;
        const auto n = static_cast<std::size_t>(needed);
        whole.resize(n);
        next.resize(n);
        fraction.resize(n);
        double position = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            double whole_part = 0;
            fraction[i] = std::modf(position, &whole_part);
            whole[i] = std::min(static_cast<int>(whole_part), source_size - 1);
            next[i] = std::min(whole[i] + 1, source_size - 1);
            position += step;
        }
    }
};

// Splash's fixed-point mean: sum * (2^23 / n) >> 23.
inline std::uint8_t mean(unsigned sum, unsigned n) {
    const unsigned d = (1u << 23) / n;
    return static_cast<std::uint8_t>((sum * d) >> 23);
}

}  // namespace

std::optional<SplashPlacement> splash_upright_placement(const std::array<double, 6>& mat) {
    for (double v : mat) {
        if (!std::isfinite(v) || std::abs(v) > 1e9)
            return std::nullopt;
    }
    if (!(mat[0] > 0 && mat[1] == 0 && mat[2] == 0 && mat[3] > 0))
        return std::nullopt;
    // Splash refuses a nearly singular matrix (splashCheckDet with 1e-6) and draws nothing.
    if (std::abs(mat[0] * mat[3]) < 0.000001)
        return std::nullopt;
    const int x0 = static_cast<int>(std::floor(mat[4]));
    const int y0 = static_cast<int>(std::floor(mat[5]));
    int x1 = static_cast<int>(std::floor(mat[0] + mat[4])) + 1;
    int y1 = static_cast<int>(std::floor(mat[3] + mat[5])) + 1;
    if (x0 == x1)
        ++x1;
    if (y0 == y1)
        ++y1;
    return SplashPlacement{x0, y0, x1 - x0, y1 - y0};
}

SplashScaling::SplashScaling(int source_width, int source_height, int scaled_width,
                             int scaled_height, bool interpolate)
    : source_width_(source_width),
      source_height_(source_height),
      scaled_width_(scaled_width),
      scaled_height_(scaled_height),
      shrink_x_(scaled_width < source_width),
      shrink_y_(scaled_height < source_height) {
    if (source_width <= 0 || source_height <= 0 || scaled_width <= 0 || scaled_height <= 0)
        throw std::invalid_argument("SplashScaling: empty image");
    // Splash interpolates when it grows an image both ways, unless by 4 times or more without
    // /Interpolate (isImageInterpolationRequired; integer quotients, as there).
    bilinear_ =
        !shrink_x_ && !shrink_y_ &&
        (interpolate || !(scaled_width / source_width >= 4 || scaled_height / source_height >= 4));
}

PixelWindow SplashScaling::source_window(const PixelWindow& scaled) const {
    if (scaled.width <= 0 || scaled.height <= 0 || scaled.x < 0 || scaled.y < 0 ||
        scaled.x + scaled.width > scaled_width_ || scaled.y + scaled.height > scaled_height_)
        throw std::invalid_argument("SplashScaling: window outside the scaled image");
    const int last_x = scaled.x + scaled.width - 1, last_y = scaled.y + scaled.height - 1;
    int x0 = 0, x1 = 0, y0 = 0, y1 = 0;  // inclusive
    if (bilinear_) {
        const InterpolatedAxis xs(source_width_, scaled_width_, last_x + 1);
        const InterpolatedAxis ys(source_height_, scaled_height_, last_y + 1);
        x0 = xs.whole[static_cast<std::size_t>(scaled.x)];
        x1 = xs.next[static_cast<std::size_t>(last_x)];
        y0 = ys.whole[static_cast<std::size_t>(scaled.y)];
        y1 = ys.next[static_cast<std::size_t>(last_y)];
    } else {
        if (shrink_x_) {
            const ShrunkAxis xs(source_width_, scaled_width_);
            x0 = xs.first(scaled.x);
            x1 = xs.first(last_x + 1) - 1;
        } else {
            const RepeatedAxis xs(source_width_, scaled_width_);
            x0 = xs.source_of(scaled.x);
            x1 = xs.source_of(last_x);
        }
        if (shrink_y_) {
            const ShrunkAxis ys(source_height_, scaled_height_);
            y0 = ys.first(scaled.y);
            y1 = ys.first(last_y + 1) - 1;
        } else {
            const RepeatedAxis ys(source_height_, scaled_height_);
            y0 = ys.source_of(scaled.y);
            y1 = ys.source_of(last_y);
        }
    }
    return PixelWindow{x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}

std::vector<std::uint8_t> SplashScaling::scale(const std::uint8_t* source, const PixelWindow& held,
                                               const PixelWindow& scaled) const {
    const PixelWindow needed = source_window(scaled);
    if (needed.x < held.x || needed.y < held.y || needed.x + needed.width > held.x + held.width ||
        needed.y + needed.height > held.y + held.height)
        throw std::invalid_argument("SplashScaling: the source window held is too small");
    const auto at = [&](int x, int y) {
        return source +
               (static_cast<std::size_t>(y - held.y) * static_cast<std::size_t>(held.width) +
                static_cast<std::size_t>(x - held.x)) *
                   3;
    };
    std::vector<std::uint8_t> out(static_cast<std::size_t>(scaled.width) *
                                  static_cast<std::size_t>(scaled.height) * 3);
    std::uint8_t* o = out.data();

    if (source_width_ == scaled_width_ && source_height_ == scaled_height_) {
        // The same size: Splash interpolates at whole steps, which copies every pixel.
        for (int j = 0; j < scaled.height; ++j) {
            o = std::copy_n(at(scaled.x, scaled.y + j), static_cast<std::size_t>(scaled.width) * 3,
                            o);
        }
        return out;
    }

    if (bilinear_) {
        const InterpolatedAxis xs(source_width_, scaled_width_, scaled.x + scaled.width);
        const InterpolatedAxis ys(source_height_, scaled_height_, scaled.y + scaled.height);
        // Each source row is first stretched along x (rounded down to bytes), then rows mixed.
        std::vector<std::uint8_t> line1(static_cast<std::size_t>(scaled.width) * 3),
            line2(line1.size());
        const auto expand = [&](int row, std::vector<std::uint8_t>& line) {
            if (xs.same_size) {
                // Whole steps: every pixel copied.
                std::copy_n(at(scaled.x, row), line.size(), line.begin());
                return;
            }
            for (int i = 0; i < scaled.width; ++i) {
                const auto x = static_cast<std::size_t>(scaled.x + i);
                const double f = xs.fraction[x];
                const std::uint8_t* a = at(xs.whole[x], row);
                const std::uint8_t* b = at(xs.next[x], row);
                for (int c = 0; c < 3; ++c) {
                    line[static_cast<std::size_t>(i) * 3 + static_cast<std::size_t>(c)] =
                        static_cast<std::uint8_t>(a[c] * (1.0 - f) + b[c] * f);
                }
            }
        };
        int row1 = -1, row2 = -1;
        for (int j = 0; j < scaled.height; ++j) {
            const auto y = static_cast<std::size_t>(scaled.y + j);
            const int r1 = ys.whole[y], r2 = ys.next[y];
            if (r1 != row1) {
                if (r1 == row2) {
                    line1.swap(line2);
                    row2 = -1;
                } else {
                    expand(r1, line1);
                }
                row1 = r1;
            }
            if (r2 != row2) {
                if (r2 == row1)
                    line2 = line1;
                else
                    expand(r2, line2);
                row2 = r2;
            }
            const double f = ys.fraction[y];
            if (f == 0) {
                o = std::copy(line1.begin(), line1.end(), o);
                continue;
            }
            for (std::size_t k = 0; k < line1.size(); ++k)
                *o++ = static_cast<std::uint8_t>(line1[k] * (1.0 - f) + line2[k] * f);
        }
        return out;
    }

    // Column sums of a band of source rows, for the columns needed.
    std::vector<unsigned> sums(static_cast<std::size_t>(needed.width) * 3);
    const auto sum_rows = [&](int first_row, int rows) {
        std::fill(sums.begin(), sums.end(), 0u);
        for (int r = first_row; r < first_row + rows; ++r) {
            const std::uint8_t* p = at(needed.x, r);
            for (std::size_t k = 0; k < sums.size(); ++k)
                sums[k] += p[k];
        }
    };
    const auto sum_at = [&](int x, int c) {
        return sums[static_cast<std::size_t>(x - needed.x) * 3 + static_cast<std::size_t>(c)];
    };

    if (shrink_y_) {
        const ShrunkAxis ys(source_height_, scaled_height_);
        for (int j = 0; j < scaled.height; ++j) {
            const int y = scaled.y + j;
            const int rows = ys.count(y);
            sum_rows(ys.first(y), rows);
            if (shrink_x_) {
                // Splash::scaleImageYdownXdown: one mean over the whole box.
                const ShrunkAxis xs(source_width_, scaled_width_);
                for (int i = 0; i < scaled.width; ++i) {
                    const int x = scaled.x + i, first = xs.first(x), columns = xs.count(x);
                    for (int c = 0; c < 3; ++c) {
                        unsigned sum = 0;
                        for (int s = first; s < first + columns; ++s)
                            sum += sum_at(s, c);
                        *o++ = mean(sum, static_cast<unsigned>(rows * columns));
                    }
                }
            } else {
                // Splash::scaleImageYdownXup: the mean of each column, repeated.
                const RepeatedAxis xs(source_width_, scaled_width_);
                for (int i = 0; i < scaled.width; ++i) {
                    const int s = xs.source_of(scaled.x + i);
                    for (int c = 0; c < 3; ++c)
                        *o++ = mean(sum_at(s, c), static_cast<unsigned>(rows));
                }
            }
        }
        return out;
    }

    const RepeatedAxis ys(source_height_, scaled_height_);
    if (shrink_x_) {
        // Splash::scaleImageYupXdown: means along the row, the row repeated.
        const ShrunkAxis xs(source_width_, scaled_width_);
        for (int j = 0; j < scaled.height; ++j) {
            const int row = ys.source_of(scaled.y + j);
            for (int i = 0; i < scaled.width; ++i) {
                const int x = scaled.x + i, first = xs.first(x), columns = xs.count(x);
                const std::uint8_t* p = at(first, row);
                for (int c = 0; c < 3; ++c) {
                    unsigned sum = 0;
                    for (int s = 0; s < columns; ++s)
                        sum += p[s * 3 + c];
                    *o++ = mean(sum, static_cast<unsigned>(columns));
                }
            }
        }
        return out;
    }
    // Splash::scaleImageYupXup: each pixel repeated.
    const RepeatedAxis xs(source_width_, scaled_width_);
    std::vector<int> columns(static_cast<std::size_t>(scaled.width));
    for (int i = 0; i < scaled.width; ++i)
        columns[static_cast<std::size_t>(i)] = xs.source_of(scaled.x + i);
    for (int j = 0; j < scaled.height; ++j) {
        const int row = ys.source_of(scaled.y + j);
        for (int s : columns) {
            const std::uint8_t* p = at(s, row);
            *o++ = p[0];
            *o++ = p[1];
            *o++ = p[2];
        }
    }
    return out;
}

}  // namespace podcover::check
