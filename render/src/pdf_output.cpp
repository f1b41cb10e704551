#include "podcover/render/pdf_output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <png.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <stdexcept>

#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFTokenizer.hh>
#include <qpdf/QPDFWriter.hh>

#include "pdfx.hpp"
#include "podcover/errors.hpp"
#include "podcover/render/output_files.hpp"

namespace podcover::render {
namespace {

QPDFObjectHandle pdf_rect(const Rect& rect, const Size& page) {
    // PDF user space: origin bottom-left, y up, in points. Four decimals: 0.0001 pt.
    const double left = rect.left().pt();
    const double right = rect.right().pt();
    const double bottom = (page.height - rect.bottom()).pt();
    const double top = (page.height - rect.top()).pt();
    return QPDFObjectHandle::newArray(std::vector<QPDFObjectHandle>{
        QPDFObjectHandle::newReal(left, 4, true), QPDFObjectHandle::newReal(bottom, 4, true),
        QPDFObjectHandle::newReal(right, 4, true), QPDFObjectHandle::newReal(top, 4, true)});
}

// Pure black in text and vector marks written as 100% K: Cairo writes black as RGB 0 0 0,
// which a printer's conversion turns into a four-ink black. Barcode bars and small text must
// be one ink (IngramSpark: text up to 24 pt in 100% K [IS-G]; its barcode 100% K on white), so
// "0 0 0 rg" becomes "0 0 0 1 k" (and RG, K for strokes). Images are untouched.
class PureBlackToK : public QPDFObjectHandle::TokenFilter {
  public:
    void handleToken(const QPDFTokenizer::Token& token) override {
        const auto type = token.getType();
        if (type == QPDFTokenizer::tt_integer || type == QPDFTokenizer::tt_real ||
            type == QPDFTokenizer::tt_space) {
            pending_.push_back(token);
            return;
        }
        if (token.isWord("rg") || token.isWord("RG")) {
            std::vector<std::size_t> numbers;
            for (std::size_t i = 0; i < pending_.size(); ++i) {
                if (pending_[i].getType() != QPDFTokenizer::tt_space)
                    numbers.push_back(i);
            }
            const bool black = numbers.size() == 3 &&
                               std::all_of(numbers.begin(), numbers.end(), [&](std::size_t i) {
                                   // Locale-free: from_chars, not stod.
                                   const std::string& text = pending_[i].getValue();
                                   double value = 1;
                                   std::from_chars(text.data(), text.data() + text.size(), value);
                                   return value == 0.0;
                               });
            if (black) {
                for (std::size_t i = 0; i < numbers.front(); ++i)
                    writeToken(pending_[i]);
                pending_.clear();
                write(token.isWord("rg") ? "0 0 0 1 k" : "0 0 0 1 K");
                return;
            }
        }
        flush();
        writeToken(token);
    }
    void handleEOF() override { flush(); }

  private:
    void flush() {
        for (const auto& t : pending_)
            writeToken(t);
        pending_.clear();
    }
    std::vector<QPDFTokenizer::Token> pending_;  // numbers and spaces since the last operator
};

// For CMYK output: the converter and the date; null for RGB.
struct CmykOutput {
    const CmykConverter* converter = nullptr;
    std::time_t date = 0;
};

FinishedPdf finish(const std::string& cairo_pdf, const std::vector<PageBoxes>* boxes,
                   const PdfMetadata& metadata, const CmykOutput& cmyk = {}) {
    try {
        QPDF pdf;
        pdf.setSuppressWarnings(true);
        pdf.processMemoryFile("cairo output", cairo_pdf.data(), cairo_pdf.size());
        if (!cmyk.converter) {
            for (auto& page : QPDFPageDocumentHelper(pdf).getAllPages()) {
                page.addContentTokenFilter(std::make_shared<PureBlackToK>());
                for (auto& [name, form] : page.getFormXObjects())
                    form.addTokenFilter(std::make_shared<PureBlackToK>());
            }
        }
        if (boxes) {
            auto pages = QPDFPageDocumentHelper(pdf).getAllPages();
            for (std::size_t i = 0; i < pages.size() && i < boxes->size(); ++i) {
                auto page = pages[i].getObjectHandle();
                const PageBoxes& b = (*boxes)[i];
                page.replaceKey("/TrimBox", pdf_rect(b.trim, b.page));
                page.replaceKey("/BleedBox", pdf_rect(b.bleed, b.page));
            }
        }
        auto info = QPDFObjectHandle::newDictionary();
        auto put = [&](const char* key, const std::string& value) {
            if (!value.empty())
                info.replaceKey(key, QPDFObjectHandle::newUnicodeString(value));
        };
        put("/Title", metadata.title);
        put("/Author", metadata.author);
        put("/Subject", metadata.subject);
        put("/Keywords", metadata.keywords);
        put("/Creator", "podcover");
        put("/Producer", "podcover (Cairo, qpdf)");
        pdf.getTrailer().replaceKey("/Info", pdf.makeIndirectObject(info));
        FinishedPdf finished;
        std::shared_ptr<const std::vector<std::string>> problems;
        if (cmyk.converter) {
            problems =
                convert_to_pdfx(pdf, *cmyk.converter, metadata.title, cmyk.date, finished.facts);
        }

        QPDFWriter writer(pdf);
        writer.setOutputMemory();
        // The ID is a hash of the content instead of a time-based one: identical input gives
        // identical bytes.
        writer.setDeterministicID(true);
        if (cmyk.converter)
            configure_pdfx_writer(writer);
        else
            writer.setObjectStreamMode(qpdf_o_generate);
        writer.write();
        if (problems && !problems->empty()) {
            std::string all;
            for (const auto& p : *problems)
                all += (all.empty() ? "" : "; ") + p;
            throw std::runtime_error("not convertible to PDF/X-1a: " + all);
        }
        auto buffer = writer.getBufferSharedPointer();
        finished.bytes =
            std::string(reinterpret_cast<const char*>(buffer->getBuffer()), buffer->getSize());
        return finished;
    } catch (const std::exception& error) {
        throw std::runtime_error(std::string("qpdf cannot finish Cairo's PDF: ") + error.what());
    }
}

}  // namespace

std::string finish_pdf(const std::string& cairo_pdf, const std::vector<PageBoxes>& boxes,
                       const PdfMetadata& metadata) {
    return finish(cairo_pdf, &boxes, metadata).bytes;
}

FinishedPdf finish_cmyk_pdf(const std::string& cairo_pdf, const std::vector<PageBoxes>& boxes,
                            const PdfMetadata& metadata, const CmykConverter& converter,
                            std::time_t date) {
    return finish(cairo_pdf, &boxes, metadata, CmykOutput{&converter, date});
}

std::string finish_pdf(const std::string& cairo_pdf, const PdfMetadata& metadata) {
    return finish(cairo_pdf, nullptr, metadata).bytes;
}

namespace {

// libpng reports errors through a callback that must not return; it jumps back to
// write_png, which keeps only trivially destructible locals for that reason.
void png_fail(png_structp png, png_const_charp) {
    longjmp(png_jmpbuf(png), 1);
}
void png_append(png_structp png, png_bytep data, png_size_t length) {
    static_cast<std::string*>(png_get_io_ptr(png))
        ->append(reinterpret_cast<const char*>(data), length);
}
void png_no_flush(png_structp) {}

bool write_png(png_structp png, png_infop info, std::string* out, unsigned char* row,
               const unsigned char* pixels, int width, int height, int stride, bool alpha,
               png_uint_32 pixels_per_metre) {
    if (setjmp(png_jmpbuf(png)))
        return false;
    png_set_write_fn(png, out, png_append, png_no_flush);
    png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8,
                 alpha ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (pixels_per_metre > 0)
        png_set_pHYs(png, info, pixels_per_metre, pixels_per_metre, PNG_RESOLUTION_METER);
    // Fast compression: previews and proofs of photographic art are large, and level 6 (Cairo's
    // fixed choice) spends most of a render deflating them for a few per cent of size. One
    // filter (Up: each byte less the one above it) instead of libpng's adaptive choice, which
    // tries all five on every row: a preview encodes 2.5 times as fast, about 6 % larger
    // (docs/BENCHMARKS.md).
    png_set_compression_level(png, 2);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
    png_write_info(png, info);
    for (int y = 0; y < height; ++y) {
        const auto* argb =
            reinterpret_cast<const uint32_t*>(pixels + static_cast<std::ptrdiff_t>(y) * stride);
        for (int x = 0; x < width; ++x) {
            if (!alpha) {
                row[3 * x] = static_cast<unsigned char>(argb[x] >> 16);
                row[3 * x + 1] = static_cast<unsigned char>(argb[x] >> 8);
                row[3 * x + 2] = static_cast<unsigned char>(argb[x]);
                continue;
            }
            // Cairo's pixels are premultiplied by their alpha; PNG's are not.
            const uint32_t a = argb[x] >> 24;
            for (int channel = 0; channel < 3; ++channel) {
                const uint32_t c = (argb[x] >> (16 - 8 * channel)) & 0xFF;
                row[4 * x + channel] = static_cast<unsigned char>(a ? (c * 255 + a / 2) / a : 0);
            }
            row[4 * x + 3] = static_cast<unsigned char>(a);
        }
        png_write_row(png, row);
    }
    png_write_end(png, info);
    return true;
}

}  // namespace

CairoSurface pdf_surface_into(std::string& bytes, double width_pt, double height_pt) {
    CairoSurface surface(cairo_pdf_surface_create_for_stream(
        [](void* closure, const unsigned char* data, unsigned int length) {
            static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
            return CAIRO_STATUS_SUCCESS;
        },
        &bytes, width_pt, height_pt));
    check_cairo(cairo_surface_status(surface.get()), "starting a PDF");
    return surface;
}

std::string encode_png(cairo_surface_t* surface, double pixels_per_inch) {
    cairo_surface_flush(surface);
    const cairo_format_t format = cairo_image_surface_get_format(surface);
    if (format != CAIRO_FORMAT_RGB24 && format != CAIRO_FORMAT_ARGB32) {
        throw std::runtime_error("encode_png takes RGB24 or ARGB32 image surfaces");
    }
    const bool alpha = format == CAIRO_FORMAT_ARGB32;
    const int width = cairo_image_surface_get_width(surface);
    const int height = cairo_image_surface_get_height(surface);
    std::string bytes;
    std::vector<unsigned char> row(static_cast<std::size_t>(width) * (alpha ? 4 : 3));
    // PNG states its resolution in pixels per metre: 300 ppi is 11811.
    const auto pixels_per_metre =
        static_cast<png_uint_32>(std::lround(std::max(pixels_per_inch, 0.0) / 0.0254));
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, png_fail, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    const bool written =
        info &&
        write_png(png, info, &bytes, row.data(), cairo_image_surface_get_data(surface), width,
                  height, cairo_image_surface_get_stride(surface), alpha, pixels_per_metre);
    png_destroy_write_struct(&png, &info);
    if (!written)
        throw std::runtime_error("cannot encode a PNG");
    return bytes;
}

void prepare_qpdf_for_threads() {
    // qpdf is safe with one QPDF per thread, but makes some of its shared state when first
    // needed (the object every destroyed QPDF's objects point to): made once, before threads
    // use it.
    static std::once_flag made;
    std::call_once(made, [] {
        QPDF warm;
        warm.emptyPDF();
        warm.makeIndirectObject(QPDFObjectHandle::newDictionary());
    });
}

void write_file_atomically(const std::filesystem::path& path, const std::string& bytes) {
    // One way of writing files for every command (output_files.hpp): beside the target, flushed,
    // renamed onto it; a killed run's temporary is removed by the next run into that folder.
    OutputFiles files({});
    files.stage(path, bytes);
    files.commit();
}

}  // namespace podcover::render
