// A PDF's JPEG image (a DCTDecode stream) decoded to the RGB pixels Poppler's Splash paints for
// it, at a DCT scale of M/8 and optionally only a window of it, without Poppler: libjpeg does
// the decoding (its DCT scaling does most of the work of shrinking), lcms2 the ICC colour.
//
// Poppler 22.12 is the reference throughout: its DCTStream (how the Adobe marker, JFIF and
// /ColorTransform choose the JPEG's colour transform), GfxImageColorMap (/Decode) and the colour
// spaces' getRGB/getRGBLine (DeviceGray/RGB/CMYK and, built with lcms2, ICCBased). Internal to
// the checker; cover_pdf.cpp uses it for pages that are one JPEG (a flattened cover).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "podcover/check/raster.hpp"

namespace podcover::check {

// The JPEG data cannot be decoded the way Poppler decodes it: damaged or truncated (Poppler
// renders what libjpeg salvages, its own way), a kind left to Poppler (12-bit, 2 components),
// over the size caps below, or an ICC profile lcms2 cannot use. Callers fall back to Poppler, or
// name the file in an InputError.
class JpegError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The largest JPEG decoded, in image pixels (width x height before scaling): 400 million, a
// 66 x 66 in image at 300 ppi, far beyond any cover; libjpeg holds a progressive JPEG's
// coefficients whole whatever the scale, 2 bytes a sample.
inline constexpr std::int64_t max_jpeg_image_pixels = 400'000'000;
// What libjpeg may allocate for one decode (its max_memory_to_use): 1 GiB. A larger progressive
// JPEG fails with a JpegError instead of growing without bound.
inline constexpr long max_jpeg_decoder_bytes = 1L << 30;

// The stream's bytes, in order (the caller's stream stays with the caller: a PDF stream is read
// through Poppler, a test's from memory).
class ByteSource {
  public:
    virtual ~ByteSource() = default;
    // Up to `capacity` bytes into `buffer`; 0 at the end.
    virtual std::size_t read(std::uint8_t* buffer, std::size_t capacity) = 0;
};

class MemoryBytes : public ByteSource {
  public:
    explicit MemoryBytes(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
    std::size_t read(std::uint8_t* buffer, std::size_t capacity) override;

  private:
    std::span<const std::uint8_t> bytes_;
    std::size_t position_ = 0;
};

// A rectangle of pixels: [x, x + width) x [y, y + height).
struct PixelWindow {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
    bool operator==(const PixelWindow&) const = default;
};

struct JpegHeader {
    int width = 0;
    int height = 0;
    int components = 0;  // 1, 3 or 4
};

// The size libjpeg gives an image side of `pixels` at scale M/8: ceil(pixels * M / 8). Its DCT
// scaling turns each 8 x 8 block into M x M pixels, so decoded pixel i covers image pixels
// [8i/M, 8(i+1)/M).
int jpeg_scaled_size(int pixels, int scale_eighths);

// Reads the header only. Throws JpegError.
JpegHeader read_jpeg_header(ByteSource& source);

// The samples Poppler's DCTStream hands on, for the image scaled by `scale_eighths`/8 (1 to 8),
// only `window` of it when given (in scaled pixels; the whole image otherwise): `components`
// bytes a pixel, gray, RGB or CMYK as the JPEG stores them (YCbCr and YCCK converted, an Adobe
// inversion kept: a PDF undoes that with /Decode). `color_transform` is DCTDecode's
// /ColorTransform (-1 when absent), which the Adobe marker overrides, as in Poppler.
// Throws JpegError, before decoding when the image or the window exceeds the caps
// (`max_window_pixels`, and max_jpeg_image_pixels).
struct JpegSamples {
    int image_width = 0;  // the JPEG's own size, unscaled
    int image_height = 0;
    int components = 0;
    PixelWindow window;
    std::vector<std::uint8_t> samples;  // window.width * components bytes a row, rows from the top
};
JpegSamples decode_jpeg(ByteSource& source, int scale_eighths,
                        std::optional<PixelWindow> window = std::nullopt, int color_transform = -1,
                        std::int64_t max_window_pixels = max_jpeg_image_pixels);

// How an image's samples become colour: its PDF colour space and /Decode.
struct ImageColour {
    enum class Space { gray, rgb, cmyk };
    Space space = Space::rgb;
    // The profile of an [/ICCBased stream] colour space whose alternate is the Device space of
    // the same number of components; empty for the Device spaces.
    std::vector<std::uint8_t> icc_profile;
    // /Decode as the image dictionary gives it (low, high per component); empty when absent.
    // Absent and [0 1 ...] are not alike: Poppler rounds through a byte table only when given.
    std::vector<double> decode;
};

// The RGB Splash paints for samples of an image, on an RGB page (SplashOutputDev in
// splashModeRGB8, with no display profile: lcms2's built-in sRGB, relative colorimetric, black
// point compensation, no optimisation, as Poppler builds its transforms). Built once per image;
// holds the lcms2 transform.
class SplashColours {
  public:
    // Throws JpegError when the ICC profile cannot be used as Poppler would use it (unreadable,
    // or not a gray, RGB or CMYK profile of the image's number of components).
    explicit SplashColours(const ImageColour& colour);
    ~SplashColours();
    SplashColours(const SplashColours&) = delete;
    SplashColours& operator=(const SplashColours&) = delete;

    int components() const { return components_; }
    // Splash scales an ICCBased RGB image's samples first and converts them after (its
    // iccImageSrc/iccTransform); every other image it converts first. Scaling code follows suit.
    bool converts_after_scaling() const { return converts_after_scaling_; }
    // `pixels` pixels of samples (components() bytes each) to RGB (3 bytes each).
    void to_rgb(const std::uint8_t* samples, std::uint8_t* rgb, std::size_t pixels) const;

  private:
    struct Transform;
    ImageColour::Space space_;
    int components_ = 0;
    bool icc_ = false;
    bool converts_after_scaling_ = false;
    bool decode_given_ = false;
    // Per component, each byte through /Decode (identity when /Decode is absent).
    std::vector<std::uint8_t> byte_map_;
    // Gray: the RGB of each of the 256 values (Splash's lookup table for 1-component images).
    std::vector<std::uint8_t> gray_rgb_;
    std::unique_ptr<Transform> transform_;
};

// decode_jpeg and SplashColours together: the window's RGB (pixels_per_inch left 0; where the
// image lies on a page is the caller's). Throws JpegError.
Raster decode_jpeg_rgb(ByteSource& source, const SplashColours& colours, int scale_eighths,
                       std::optional<PixelWindow> window = std::nullopt, int color_transform = -1,
                       std::int64_t max_window_pixels = max_jpeg_image_pixels);

}  // namespace podcover::check
