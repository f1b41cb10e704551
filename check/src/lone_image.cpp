#include "lone_image.hpp"

#include <GfxFont.h>
#include <splash/Splash.h>
#include <splash/SplashBitmap.h>
#include <splash/SplashErrorCodes.h>
#include <splash/SplashPath.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "pdf_stream_bytes.hpp"
#include "splash_image.hpp"

namespace podcover::check {
namespace {

// Applies the page's clips to the image's pixels as Splash does. Which pixels a clip keeps, and
// how much of each edge pixel (Splash antialiases clip edges), is Splash's own business, so
// Splash is asked: it draws a one-pixel white image with the real image's matrix through the
// same clips onto black, and each mask value is the coverage the real image's pixel gets.
//
// An edge pixel is then blended with the white page. SplashOutputDev starts from a transparent
// page and lays the paper under at the end (Splash::compositeBackground: div255((255 - a) * 255
// + a * c)); where a white fill lay under the image first, the pixel is blended onto that
// (Splash::pipeRunAARGB8: ((255 - a) * 255 + a * c) / 255), one level apart at most. Which of the
// two applies is taken from whether the page has white fills at all: where one covers only part
// of the image's clipped edge, the edge pixels outside it may be a level off.
bool clip_like_splash(const LoneImage& image, const PDFRectangle& box, int rotation, double ppi,
                      const std::array<double, 6>& mat, Raster& raster) {
    SplashBitmap mask(raster.width, raster.height, 1, splashModeMono8, true);
    Splash splash(&mask, true);
    SplashColor black;
    black[0] = 0;
    splash.clear(black, 0xFF);
    for (const LoneImage::Clip& clip : image.clips) {
        GfxState state(ppi, ppi, &box, rotation, true);
        for (const auto& m : clip.matrices)
            state.concatCTM(m[0], m[1], m[2], m[3], m[4], m[5]);
        // As SplashOutputDev::clip: the path in user space, Splash's matrix the CTM.
        SplashCoord matrix[6];
        std::copy_n(state.getCTM(), 6, matrix);
        splash.setMatrix(matrix);
        SplashPath path;
        for (const auto& sub : clip.subpaths) {
            const std::size_t n = sub.curve.size();
            if (n < 2)
                continue;
            path.moveTo(sub.xy[0], sub.xy[1]);
            for (std::size_t j = 1; j < n;) {
                if (sub.curve[j] && j + 2 < n) {
                    path.curveTo(sub.xy[2 * j], sub.xy[2 * j + 1], sub.xy[2 * j + 2],
                                 sub.xy[2 * j + 3], sub.xy[2 * j + 4], sub.xy[2 * j + 5]);
                    j += 3;
                } else {
                    path.lineTo(sub.xy[2 * j], sub.xy[2 * j + 1]);
                    ++j;
                }
            }
            if (sub.closed)
                path.close();
        }
        splash.clipToPath(&path, clip.even_odd);
    }
    std::array<double, 6> one_pixel = mat;
    const auto white_row = [](void*, SplashColorPtr line, unsigned char*) -> bool {
        line[0] = 0xFF;
        return true;
    };
    if (splash.drawImage(white_row, nullptr, nullptr, splashModeMono8, false, 1, 1,
                         one_pixel.data(), false) != splashOk)
        return false;
    const unsigned char* coverage = mask.getDataPtr();
    const int row_size = mask.getRowSize();
    for (int y = 0; y < raster.height; ++y) {
        for (int x = 0; x < raster.width; ++x) {
            const unsigned a = coverage[static_cast<std::ptrdiff_t>(y) * row_size + x];
            if (a == 0xFF)
                continue;
            std::uint8_t* p = &raster.rgb[(static_cast<std::size_t>(y) * raster.width + x) * 3];
            for (int c = 0; c < 3; ++c) {
                const unsigned blend = (0xFF - a) * 0xFF + a * p[c];
                p[c] = static_cast<std::uint8_t>(
                    image.white_fills ? blend / 0xFF : (blend + (blend >> 8) + 0x80) >> 8);
            }
        }
    }
    return true;
}

}  // namespace

LoneImageWatch::LoneImageWatch(XRef* xref, Page& page)
    : xref_(xref),
      media_box_(*page.getMediaBox()),
      rotate_(((page.getRotate() % 360) + 360) % 360) {}

// A page that is one image nests a few matrices and clips; a content stream piling up
// thousands is left to Poppler before it costs memory.
constexpr std::size_t max_matrices = 1000;
constexpr std::size_t max_clips = 100;

void LoneImageWatch::concat(double a, double b, double c, double d, double e, double f) {
    if (disqualified_)
        return;
    if (matrices_.size() >= max_matrices) {
        disqualify();
        return;
    }
    matrices_.push_back({a, b, c, d, e, f});
}

void LoneImageWatch::clip(GfxState* state, bool even_odd) {
    if (disqualified_)
        return;
    if (clips_.size() >= max_clips) {
        disqualify();
        return;
    }
    // Clip paths are a handful of points; a huge one is left to Poppler.
    constexpr int max_points = 10000;
    const GfxPath* path = state->getPath();
    LoneImage::Clip clip{matrices_, {}, even_odd};
    int points = 0;
    for (int i = 0; path && i < path->getNumSubpaths(); ++i) {
        const GfxSubpath* sub = path->getSubpath(i);
        LoneImage::Clip::Subpath recorded;
        recorded.closed = sub->isClosed();
        for (int j = 0; j < sub->getNumPoints(); ++j) {
            recorded.xy.push_back(sub->getX(j));
            recorded.xy.push_back(sub->getY(j));
            recorded.curve.push_back(sub->getCurve(j));
        }
        points += sub->getNumPoints();
        clip.subpaths.push_back(std::move(recorded));
    }
    if (points > max_points) {
        disqualify();
        return;
    }
    clips_.push_back(std::move(clip));
}

void LoneImageWatch::fill(GfxState* state) {
    GfxColorSpace* space = state->getFillColorSpace();
    if (image_ || !space || space->getMode() == csPattern ||
        state->getBlendMode() != gfxBlendNormal) {
        disqualify();
        return;
    }
    GfxRGB rgb;
    state->getFillRGB(&rgb);
    if (colToByte(rgb.r) != 255 || colToByte(rgb.g) != 255 || colToByte(rgb.b) != 255)
        disqualify();
    white_fills_ = true;
}

void LoneImageWatch::character(GfxState* state) {
    const auto& font = state->getFont();
    if (state->getRender() != 3 || (font && font->getType() == fontType3))
        disqualify();
}

void LoneImageWatch::image(GfxState* state, Object* ref, Stream* str, int width, int height,
                           GfxImageColorMap* colour_map, bool interpolate, const int* mask_colours,
                           bool inline_image) {
    if (image_ || mask_colours || inline_image || !ref || !ref->isRef() || !str ||
        str->getKind() != strDCT || !colour_map || colour_map->getBits() != 8 ||
        state->getFillOpacity() != 1 || state->getBlendMode() != gfxBlendNormal ||
        state->getTransfer()[0] != nullptr) {
        disqualify();
        return;
    }
    // Upright on the page: Splash then only scales it (its device matrix, y down, is
    // [a 0 0 d e f] with a, d > 0, which here, before the flip, is d < 0).
    const double* ctm = state->getCTM();
    if (!(ctm[0] > 0 && ctm[1] == 0 && ctm[2] == 0 && ctm[3] < 0)) {
        disqualify();
        return;
    }
    // The recorded matrices must give this matrix exactly when replayed on the page's base
    // matrix, as render() will replay them on a rendering's.
    GfxState replay(72, 72, &media_box_, rotate_, true);
    for (const auto& m : matrices_)
        replay.concatCTM(m[0], m[1], m[2], m[3], m[4], m[5]);
    for (int i = 0; i < 6; ++i) {
        if (replay.getCTM()[i] != ctm[i]) {
            disqualify();
            return;
        }
    }

    Dict* dict = str->getDict();
    // The JPEG is the stream's only filter.
    Object filter = dict->lookup("Filter");
    if (filter.isArray() && filter.arrayGetLength() == 1)
        filter = filter.arrayGet(0);
    if (!filter.isName("DCTDecode")) {
        disqualify();
        return;
    }
    LoneImage lone;
    Object parameters = dict->lookup("DecodeParms");
    if (parameters.isArray() && parameters.arrayGetLength() == 1)
        parameters = parameters.arrayGet(0);
    if (parameters.isDict()) {
        Object transform = parameters.dictLookup("ColorTransform");
        if (transform.isInt())
            lone.color_transform = transform.getInt();
    }

    GfxColorSpace* space = colour_map->getColorSpace();
    const int components = colour_map->getNumPixelComps();
    GfxColorSpaceMode device = space->getMode();
    if (device == csICCBased) {
        // An ICC profile over the Device space of its number of components; Poppler uses the
        // profile (built with lcms2, as Debian's is) with the default rendering intent.
        auto* icc = static_cast<GfxICCBasedColorSpace*>(space);
        const char* intent = state->getRenderingIntent();
        Object image_intent = dict->lookup("Intent");
        device = icc->getAlt() ? icc->getAlt()->getMode() : csPattern;
        if ((intent[0] != 0 && std::string(intent) != "RelativeColorimetric") ||
            !(image_intent.isNull() || image_intent.isName("RelativeColorimetric"))) {
            disqualify();
            return;
        }
        Object profile = xref_->fetch(icc->getRef());
        if (!profile.isStream()) {
            disqualify();
            return;
        }
        // ICC profiles are kilobytes, a few megabytes at most.
        constexpr std::size_t max_profile_bytes = 16 << 20;
        Stream* bytes = profile.getStream();
        bytes->reset();
        std::uint8_t chunk[4096];
        for (int got; (got = bytes->doGetChars(sizeof chunk, chunk)) > 0;) {
            lone.colour.icc_profile.insert(lone.colour.icc_profile.end(), chunk, chunk + got);
            if (lone.colour.icc_profile.size() > max_profile_bytes) {
                disqualify();
                return;
            }
        }
        bytes->close();
        if (lone.colour.icc_profile.empty()) {
            disqualify();
            return;
        }
    }
    if (device == csDeviceGray && components == 1) {
        lone.colour.space = ImageColour::Space::gray;
    } else if (device == csDeviceRGB && components == 3) {
        lone.colour.space = ImageColour::Space::rgb;
    } else if (device == csDeviceCMYK && components == 4) {
        lone.colour.space = ImageColour::Space::cmyk;
    } else {
        disqualify();
        return;
    }
    Object decode = dict->lookup("Decode");
    if (!decode.isNull()) {
        for (int i = 0; i < components; ++i) {
            lone.colour.decode.push_back(colour_map->getDecodeLow(i));
            lone.colour.decode.push_back(colour_map->getDecodeHigh(i));
        }
    } else if (components == 1 &&
               (colour_map->getDecodeLow(0) != 0 || colour_map->getDecodeHigh(0) != 1)) {
        disqualify();  // an ICC /Range other than 0..1
        return;
    }

    lone.ref = ref->getRef();
    lone.width_px = width;
    lone.height_px = height;
    lone.interpolate = interpolate;
    lone.matrices = matrices_;
    lone.clips = clips_;
    lone.white_fills = white_fills_;
    lone.pixels_per_inch = std::min(width / (ctm[0] / 72), height / (-ctm[3] / 72));
    image_ = std::move(lone);
}

std::optional<RenderedArea> LoneImagePainter::render(PDFDoc& doc, const LoneImage& image,
                                                     double pixels_per_inch, const Rect& wanted,
                                                     std::size_t max_pixels,
                                                     const Deadline& deadline, bool nearest_grid) {
    Page* page = doc.getPage(1);
    if (!page)
        return std::nullopt;
    const int rotation = ((page->getRotate() % 360) + 360) % 360;
    int scale = 8;
    double ppi = pixels_per_inch;
    const double image_ppi = image.pixels_per_inch;
    if (pixels_per_inch <= image_ppi * (1 + 1e-9)) {
        scale = 1;
        while (scale < 8 && image_ppi * scale / 8 < pixels_per_inch * (1 - 1e-9))
            ++scale;
        ppi = image_ppi * scale / 8;
        // Within the caller's pixel budget, even if below the pixels per inch asked.
        const double area_in2 = wanted.width.in() * wanted.height.in();
        while (scale > 1 && area_in2 * ppi * ppi > static_cast<double>(max_pixels)) {
            --scale;
            ppi = image_ppi * scale / 8;
        }
        if (area_in2 * ppi * ppi > static_cast<double>(max_pixels))
            return std::nullopt;
    }

    // The slice of the page, and the image's device matrix in it, as Poppler computes them
    // (Page::createGfx, GfxState, SplashOutputDev::drawImage).
    const int x = static_cast<int>(std::floor(wanted.x.in() * ppi));
    const int y = static_cast<int>(std::floor(wanted.y.in() * ppi));
    const int w = std::max(1, static_cast<int>(std::ceil(wanted.right().in() * ppi)) - x);
    const int h = std::max(1, static_cast<int>(std::ceil(wanted.bottom().in() * ppi)) - y);
    PDFRectangle box;
    bool crop = false;
    page->makeBox(ppi, ppi, rotation, true, true, x, y, w, h, &box, &crop);
    GfxState state(ppi, ppi, &box, rotation, true);
    for (const auto& m : image.matrices)
        state.concatCTM(m[0], m[1], m[2], m[3], m[4], m[5]);
    const double* ctm = state.getCTM();
    const std::array<double, 6> mat = {ctm[0],  ctm[1],          -ctm[2],
                                       -ctm[3], ctm[2] + ctm[4], ctm[3] + ctm[5]};
    const auto placed = splash_upright_placement(mat);
    if (!placed)
        return std::nullopt;
    // The scaling keeps a row of the whole placement (however little of it the slice shows),
    // and clips are found by Splash scaling a one-pixel image to all of it: a placement far
    // beyond the pixels asked (a small image stretched across a hostile page) is left to
    // Poppler, whose cost does not grow with it.
    constexpr int longest_side = 1'000'000;
    if (placed->width > longest_side || placed->height > longest_side ||
        static_cast<double>(placed->width) * placed->height > 4.0 * static_cast<double>(max_pixels))
        return std::nullopt;

    // The part of the scaled image inside the slice.
    const int left = std::max(0, -placed->x0), top = std::max(0, -placed->y0);
    int right = std::min(placed->width, w - placed->x0);
    int bottom = std::min(placed->height, h - placed->y0);

    RenderedArea rendered;
    rendered.origin_x =
        Length::from_units(static_cast<Length::rep>(std::llround(x / ppi * Length::units_per_in)));
    rendered.origin_y =
        Length::from_units(static_cast<Length::rep>(std::llround(y / ppi * Length::units_per_in)));
    rendered.source = "decoded the page's JPEG at " + std::to_string(scale) + "/8 scale";
    Raster& raster = rendered.raster;
    raster.width = w;
    raster.height = h;
    raster.pixels_per_inch = ppi;
    raster.rgb.assign(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3, 0xFF);
    if (left >= right || top >= bottom)
        return rendered;

    if (!colours_)
        colours_ = std::make_unique<SplashColours>(image.colour);
    const SplashColours& colours = *colours_;
    const int decoded_width = jpeg_scaled_size(image.width_px, scale);
    const int decoded_height = jpeg_scaled_size(image.height_px, scale);
    // A DCT-scaled image is its placement to the pixel but for the rounding of a partial last
    // block: copied as it is when that is good enough (a last row or column either has no
    // decoded pixel, left white, or is left out).
    const bool snap = nearest_grid && image.clips.empty() &&
                      std::abs(decoded_width - placed->width) <= 1 &&
                      std::abs(decoded_height - placed->height) <= 1;
    const int scaled_width = snap ? std::min(decoded_width, placed->width) : placed->width;
    const int scaled_height = snap ? std::min(decoded_height, placed->height) : placed->height;
    const SplashScaling scaling(snap ? scaled_width : decoded_width,
                                snap ? scaled_height : decoded_height, scaled_width,
                                scaled_height, image.interpolate);
    if (snap) {
        right = std::min(right, scaled_width);
        bottom = std::min(bottom, scaled_height);
        if (left >= right || top >= bottom)
            return rendered;
    }
    const PixelWindow visible{left, top, right - left, bottom - top};
    const PixelWindow source = scaling.source_window(visible);

    Object object = doc.getXRef()->fetch(image.ref);
    Stream* stream = object.isStream() ? object.getStream() : nullptr;
    Stream* jpeg = stream && stream->getKind() == strDCT ? stream->getNextStream() : nullptr;
    if (!jpeg)
        throw JpegError("the image is no longer a JPEG stream");
    JpegSamples samples;
    {
        PdfStreamBytes bytes(jpeg, deadline);
        samples = decode_jpeg(bytes, scale, source, image.color_transform,
                              2 * static_cast<std::int64_t>(max_pixels) + 1'000'000);
    }
    if (samples.image_width != image.width_px || samples.image_height != image.height_px ||
        samples.components != colours.components())
        throw JpegError("the JPEG's size or components differ from its image dictionary's");
    const std::size_t source_pixels =
        static_cast<std::size_t>(source.width) * static_cast<std::size_t>(source.height);
    std::vector<std::uint8_t> scaled;
    if (colours.converts_after_scaling()) {
        const std::vector<std::uint8_t> raw =
            scaling.scale(samples.samples.data(), source, visible);
        scaled.resize(raw.size());
        colours.to_rgb(raw.data(), scaled.data(), raw.size() / 3);
    } else {
        std::vector<std::uint8_t> rgb(source_pixels * 3);
        colours.to_rgb(samples.samples.data(), rgb.data(), source_pixels);
        samples.samples = {};
        scaled = scaling.scale(rgb.data(), source, visible);
    }
    const std::size_t row_bytes = static_cast<std::size_t>(visible.width) * 3;
    for (int row = 0; row < visible.height; ++row) {
        std::copy_n(scaled.begin() + static_cast<std::ptrdiff_t>(row_bytes) * row, row_bytes,
                    raster.rgb.begin() + ((static_cast<std::ptrdiff_t>(placed->y0 + top + row) * w +
                                           (placed->x0 + left)) *
                                          3));
    }
    if (!image.clips.empty() && !clip_like_splash(image, box, rotation, ppi, mat, raster))
        return std::nullopt;
    return rendered;
}

}  // namespace podcover::check
