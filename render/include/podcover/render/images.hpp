// Cover art: JPEG and PNG files. A JPEG goes into the PDF as its own bytes (no re-encoding:
// Cairo embeds the file's DCT data, attached as MIME data); a PNG goes in losslessly. Pixels
// are decoded only for raster output (previews, proofs), and JPEGs then at the smallest
// scale libjpeg offers that still covers the output resolution.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "podcover/render/handles.hpp"

namespace podcover::render {

// The largest art podcover reads, checked on the sizes a file declares before any pixel is
// decoded (docs/render.md): Cairo draws images of at most 32767 pixels a side, and 200 million
// pixels (a 28 x 12 in hardcover wrap at 750 ppi) decode in 800 MB.
inline constexpr int max_image_side_px = 32767;
inline constexpr long long max_image_pixels = 200'000'000;
// An art file is read whole (a JPEG goes into the PDF as its own bytes): at most 1 GB, far
// more than 200 million pixels take as a JPEG.
inline constexpr unsigned long long max_image_bytes = 1'000'000'000;
// Raster output (previews, proofs) never decodes more than this many pixels of one image: a
// magnified proof inset wants more than the art has only in a small window.
inline constexpr long long max_decoded_pixels = 50'000'000;

class Image {
  public:
    enum class Format { jpeg, png };

    // Reads the file's header (JPEG) or decodes it (PNG). Throws InputError naming the file
    // when it is missing, not a JPEG or PNG podcover can read, cut short (a JPEG without its
    // end marker), or larger than max_image_side_px or max_image_pixels.
    static std::shared_ptr<const Image> open(const std::filesystem::path& path);

    const std::filesystem::path& path() const { return path_; }
    Format format() const { return format_; }
    int width_px() const { return width_; }
    int height_px() const { return height_; }
    int jpeg_components() const { return components_; }

    // A surface for the PDF: for a JPEG, one of the image's size whose pixels are never
    // decoded, carrying the file's bytes as CAIRO_MIME_TYPE_JPEG; for a PNG, its pixels.
    CairoSurface pdf_surface() const;
    // Decoded pixels, at least `min_width_px` wide where the image has that many and
    // max_decoded_pixels allow (JPEGs are decoded at 1/2, 1/4 or 1/8 scale when that is
    // enough). Throws InputError naming the file when its data is damaged. The last scale
    // decoded is kept: the previews and the proof's pages, then its insets, ask for one scale
    // after the other and share its surface, which callers must not draw on. (One, not
    // every scale: a large art's full scale alone takes hundreds of MB.)
    CairoSurface raster_surface(int min_width_px) const;

  private:
    std::filesystem::path path_;
    Format format_ = Format::png;
    int width_ = 0;
    int height_ = 0;
    int components_ = 3;
    std::shared_ptr<const std::string> jpeg_bytes_;
    CairoSurface png_;                   // decoded PNG
    mutable CairoSurface jpeg_surface_;  // pdf_surface() of a JPEG, made once
    mutable std::mutex decoded_mutex_;
    mutable unsigned decoded_denominator_ = 0;  // the DCT scale 1/n of decoded_
    mutable CairoSurface decoded_;              // a JPEG's pixels, last decoded
};

}  // namespace podcover::render
