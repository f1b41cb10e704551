// Where Poppler's Splash paints an upright image and how it resamples it, re-done so that an
// image decoded by other means (jpeg_pixels) lands on the same device pixels with the same
// values, one window at a time. The reference is Poppler 22.12's Splash::drawImage ("scaling
// only" case) and Splash::scaleImage with its five resamplers; the arithmetic (Bresenham steps,
// 23-bit fixed-point averages, accumulated floating-point steps) is the same, so a window of a
// scaled image equals the same window of Splash's whole scaled image.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "jpeg_pixels.hpp"

namespace podcover::check {

// The device pixels an image covers: columns [x0, x0 + width), rows [y0, y0 + height).
struct SplashPlacement {
    int x0 = 0;
    int y0 = 0;
    int width = 0;
    int height = 0;
};

// Splash's placement of an image drawn with the device matrix `mat` (SplashOutputDev's, its
// unit square's corners mapped to device pixels, y down) when the matrix only scales, upright:
// [a 0 0 d e f] with a, d > 0. Splash fills every pixel the image touches and one more where an
// edge falls on a pixel boundary (x0 = floor(e), x1 = floor(a + e) + 1). nullopt for any other
// matrix (flipped, rotated or skewed images are drawn another way).
std::optional<SplashPlacement> splash_upright_placement(const std::array<double, 6>& mat);

// Splash::scaleImage from source_width x source_height pixels to scaled_width x scaled_height,
// on RGB pixels (3 bytes each): box averages where it shrinks, repeated pixels where it grows
// four times or more, bilinear interpolation where it grows less (or /Interpolate is set).
class SplashScaling {
  public:
    SplashScaling(int source_width, int source_height, int scaled_width, int scaled_height,
                  bool interpolate);

    // The source pixels that the scaled pixels in `scaled` are computed from.
    PixelWindow source_window(const PixelWindow& scaled) const;
    // The scaled pixels in `scaled`, rows from the top, from `source`: the RGB pixels of the
    // source window `held`, which contains source_window(scaled).
    std::vector<std::uint8_t> scale(const std::uint8_t* source, const PixelWindow& held,
                                    const PixelWindow& scaled) const;

    int scaled_width() const { return scaled_width_; }
    int scaled_height() const { return scaled_height_; }

  private:
    int source_width_, source_height_, scaled_width_, scaled_height_;
    bool shrink_x_, shrink_y_, bilinear_;
};

}  // namespace podcover::check
