// Cover art: JPEG and PNG files. A JPEG goes into the PDF as its own bytes (no re-encoding:
// Cairo embeds the file's DCT data, attached as MIME data); a PNG goes in losslessly. Pixels
// are decoded only for raster output (previews, proofs), and JPEGs then at the smallest
// scale libjpeg offers that still covers the output resolution.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "podcover/render/handles.hpp"

namespace podcover::render {

class Image {
  public:
    enum class Format { jpeg, png };

    // Reads the file's header (JPEG) or decodes it (PNG). Throws InputError naming the file
    // when it is missing or not a JPEG or PNG podcover can read.
    static std::shared_ptr<const Image> open(const std::filesystem::path& path);

    const std::filesystem::path& path() const { return path_; }
    Format format() const { return format_; }
    int width_px() const { return width_; }
    int height_px() const { return height_; }
    int jpeg_components() const { return components_; }

    // A surface for the PDF: for a JPEG, one of the image's size whose pixels are never
    // decoded, carrying the file's bytes as CAIRO_MIME_TYPE_JPEG; for a PNG, its pixels.
    CairoSurface pdf_surface() const;
    // Decoded pixels, at least `min_width_px` wide where the image has that many (JPEGs are
    // decoded at 1/2, 1/4 or 1/8 scale when that is enough).
    CairoSurface raster_surface(int min_width_px) const;

  private:
    std::filesystem::path path_;
    Format format_ = Format::png;
    int width_ = 0;
    int height_ = 0;
    int components_ = 3;
    std::shared_ptr<const std::string> jpeg_bytes_;
    CairoSurface png_;  // decoded PNG
};

}  // namespace podcover::render
