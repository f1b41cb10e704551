#include "hostile_pdfs.hpp"

#include <zlib.h>

#include <cstdio>
#include <stdexcept>

namespace podcover::test {
namespace {

// Compresses `data` into `out`, ending with `flush`.
void deflate_into(z_stream& stream, const std::string& data, int flush, std::string& out) {
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    char buffer[65536];
    do {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        const int status = deflate(&stream, flush);
        if (status == Z_STREAM_ERROR)
            throw std::runtime_error("deflate failed");
        out.append(buffer, sizeof buffer - stream.avail_out);
    } while (stream.avail_out == 0 || stream.avail_in > 0);
}

std::string repeated(const std::string& unit, unsigned long long count) {
    std::string text;
    text.reserve(unit.size() * count);
    for (unsigned long long i = 0; i < count; ++i)
        text += unit;
    return text;
}

}  // namespace

std::string zlib_of_repeats(const std::string& unit, unsigned long long repeats) {
    // Chunks of about 1 MiB of whole units; each compressed chunk is a block on its own.
    const unsigned long long per_chunk = std::max<unsigned long long>(1, (1 << 20) / unit.size());
    const unsigned long long chunks = repeats / per_chunk;
    const std::string chunk = repeated(unit, std::min(per_chunk, repeats));
    const std::string rest = repeated(unit, chunks > 0 ? repeats % per_chunk : 0);

    z_stream stream{};
    if (deflateInit(&stream, 9) != Z_OK)
        throw std::runtime_error("deflateInit failed");
    std::string out;
    uLong adler = adler32(0, nullptr, 0);
    const uLong chunk_adler =
        adler32(1, reinterpret_cast<const Bytef*>(chunk.data()), static_cast<uInt>(chunk.size()));
    if (chunks == 0) {
        deflate_into(stream, chunk, Z_FINISH, out);
        deflateEnd(&stream);
        return out;
    }
    // The first chunk carries the zlib header; a full flush resets the compressor, so the
    // second chunk's block depends on nothing before it and stands for every later chunk.
    deflate_into(stream, chunk, Z_FULL_FLUSH, out);
    std::string block;
    if (chunks > 1)
        deflate_into(stream, chunk, Z_FULL_FLUSH, block);
    for (unsigned long long i = 0; i < chunks; ++i)
        adler = adler32_combine(adler, chunk_adler, static_cast<z_off_t>(chunk.size()));
    out.reserve(out.size() + block.size() * (chunks - 1) + 1024);
    for (unsigned long long i = 1; i < chunks; ++i)
        out += block;
    // The rest and the final block; the trailer zlib writes covers only what it compressed,
    // so it is replaced by the checksum of all the data.
    std::string tail;
    deflate_into(stream, rest, Z_FINISH, tail);
    deflateEnd(&stream);
    tail.resize(tail.size() - 4);
    adler = adler32_combine(
        adler,
        adler32(1, reinterpret_cast<const Bytef*>(rest.data()), static_cast<uInt>(rest.size())),
        static_cast<z_off_t>(rest.size()));
    out += tail;
    for (int shift = 24; shift >= 0; shift -= 8)
        out += static_cast<char>((adler >> shift) & 0xFF);
    return out;
}

std::string make_stream(const std::string& dictionary_entries, const std::string& data) {
    return "<< " + dictionary_entries + " /Length " + std::to_string(data.size()) +
           " >>\nstream\n" + data + "\nendstream";
}

std::string one_page_pdf(const std::string& page_entries, const std::string& content,
                         const std::vector<std::string>& objects,
                         const std::string& content_filter) {
    std::vector<std::string> bodies = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R " + page_entries + " /Contents " +
            std::to_string(objects.size() + 4) + " 0 R >>",
    };
    bodies.insert(bodies.end(), objects.begin(), objects.end());
    bodies.push_back(make_stream(content_filter, content));
    std::string pdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + bodies[i] + "\nendobj\n";
    }
    const std::size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(bodies.size() + 1) + "\n0000000000 65535 f \n";
    for (const std::size_t offset : offsets) {
        char line[24];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
        pdf += line;
    }
    pdf += "trailer\n<< /Size " + std::to_string(bodies.size() + 1) +
           " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

namespace {

// KDP's 6 x 9 in, 300-page paperback on white paper: 12.9256 x 9.25 in.
const std::string cover_box = "/MediaBox [0 0 930.6432 666]";

std::string image_page(const std::string& image_entries, const std::string& data) {
    return one_page_pdf(cover_box + " /Resources << /XObject << /Im 4 0 R >> >>",
                        "q 930.6432 0 0 666 0 0 cm /Im Do Q\n",
                        {make_stream("/Type /XObject /Subtype /Image " + image_entries, data)});
}

// Forms F1..F{levels}, each drawing the next `fan` times; the last fills a square.
std::string fanned_forms(int levels, int fan) {
    std::vector<std::string> forms;
    for (int level = 1; level <= levels; ++level) {
        std::string content;
        if (level < levels) {
            for (int i = 0; i < fan; ++i)
                content += "/F Do\n";
        } else {
            content = "0 0 1 1 re f\n";
        }
        const std::string next = level < levels ? "/Resources << /XObject << /F " +
                                                      std::to_string(level + 4) + " 0 R >> >>"
                                                : "";
        forms.push_back(
            make_stream("/Type /XObject /Subtype /Form /BBox [0 0 1000 1000] " + next, content));
    }
    return one_page_pdf(cover_box + " /Resources << /XObject << /F 4 0 R >> >>", "/F Do\n", forms);
}

// A Type 3 font whose one glyph draws forms fanned out to 10^4 fills, shown 1000 times.
std::string type3_fanned_out() {
    // Objects: 4 the font, 5 its glyph procedure, 6.. the forms, last the page content.
    std::vector<std::string> objects;
    objects.push_back(
        "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 "
        "0 0] /CharProcs << /a 5 0 R >> /Encoding << /Type /Encoding /Differences [97 /a] >> "
        "/FirstChar 97 /LastChar 97 /Widths [1000] /Resources << /XObject << /F 6 0 R >> >> >>");
    objects.push_back(make_stream("", "1000 0 d0 /F Do\n"));
    const int levels = 5;
    for (int level = 1; level <= levels; ++level) {
        std::string content;
        if (level < levels) {
            for (int i = 0; i < 10; ++i)
                content += "/F Do\n";
        } else {
            content = "0 0 1 1 re f\n";
        }
        const std::string next = level < levels ? "/Resources << /XObject << /F " +
                                                      std::to_string(level + 6) + " 0 R >> >>"
                                                : "";
        objects.push_back(
            make_stream("/Type /XObject /Subtype /Form /BBox [0 0 1000 1000] " + next, content));
    }
    return one_page_pdf(cover_box + " /Resources << /Font << /T 4 0 R >> >>",
                        "BT /T 12 Tf 10 10 Td (" + std::string(1000, 'a') + ") Tj ET\n", objects);
}

// A JPEG holding only its frame header (SOF0), for 60000 x 60000 px in three components.
std::string jpeg_header_only() {
    const unsigned char bytes[] = {0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0xEA,
                                   0x60, 0xEA, 0x60, 0x03, 0x01, 0x22, 0x00, 0x02,
                                   0x11, 0x01, 0x03, 0x11, 0x01, 0xFF, 0xD9};
    return std::string(reinterpret_cast<const char*>(bytes), sizeof bytes);
}

// A JPEG 2000 codestream holding only its SIZ marker, for 60000 x 60000 px in three components.
std::string jpeg2000_header_only() {
    std::string siz = {'\xFF', '\x4F', '\xFF', '\x51', '\x00', '\x2F', '\x00', '\x00'};
    auto u32 = [&](unsigned v) {
        for (int shift = 24; shift >= 0; shift -= 8)
            siz += static_cast<char>((v >> shift) & 0xFF);
    };
    for (unsigned v : {60000u, 60000u, 0u, 0u, 60000u, 60000u, 0u, 0u})
        u32(v);
    siz += std::string{'\x00', '\x03'};
    for (int c = 0; c < 3; ++c)
        siz += std::string{'\x07', '\x01', '\x01'};
    siz += std::string{'\xFF', '\xD9'};
    return siz;
}

std::string many_annotations(int count) {
    std::string annots = "/Annots [";
    for (int i = 0; i < count; ++i)
        annots += " << /Type /Annot /Subtype /Square /Rect [0 0 10 10] >>";
    return cover_box + " " + annots + " ]";
}

}  // namespace

std::vector<HostilePdf> hostile_pdfs(bool with_large) {
    const std::string image_size = "an image of 100,000 \xC3\x97 100,000 px";
    std::vector<HostilePdf> all;
    all.push_back({"huge-image.pdf",
                   "an image declaring 100000 x 100000 px",
                   image_page("/Width 100000 /Height 100000 /ColorSpace /DeviceRGB "
                              "/BitsPerComponent 8",
                              std::string(48, '\x80')),
                   3,
                   image_size,
                   "image-pixels",
                   {},
                   false});
    all.push_back({"inline-huge-image.pdf",
                   "an inline image declaring 100000 x 100000 px",
                   one_page_pdf(cover_box,
                                "q 930 0 0 666 0 0 cm\nBI /W 100000 /H 100000 /CS /RGB "
                                "/BPC 8 ID \n\x80\x80\x80\x80\x80\x80\nEI Q\n"),
                   3,
                   image_size,
                   "image-pixels",
                   {},
                   false});
    all.push_back({"inline-image-48mb.pdf",
                   "an inline image of 4000 x 4000 RGB px (48 MB)",
                   one_page_pdf(cover_box,
                                "q 930 0 0 666 0 0 cm\nBI /W 4000 /H 4000 /CS /RGB "
                                "/BPC 8 ID \n\x80\x80\x80\nEI Q\n"),
                   3,
                   "inline image",
                   "inline-image-bytes",
                   {},
                   false});
    all.push_back({"jpeg-declares-huge.pdf",
                   "a 100 x 100 px image whose JPEG data declares 60000 x 60000 px",
                   image_page("/Width 100 /Height 100 /ColorSpace /DeviceRGB /BitsPerComponent 8 "
                              "/Filter /DCTDecode",
                              jpeg_header_only()),
                   3,
                   "an image of 60,000 \xC3\x97 60,000 px",
                   "image-pixels",
                   {},
                   false});
    all.push_back({"jpx-declares-huge.pdf",
                   "a 100 x 100 px image whose JPEG 2000 data declares 60000 x 60000 px",
                   image_page("/Width 100 /Height 100 /ColorSpace /DeviceRGB /BitsPerComponent 8 "
                              "/Filter /JPXDecode",
                              jpeg2000_header_only()),
                   3,
                   "an image of 60,000 \xC3\x97 60,000 px",
                   "image-pixels",
                   {},
                   false});
    all.push_back({"forms-fanned-out.pdf",
                   "a form drawing a form ten times, nine deep: 10^8 fills",
                   fanned_forms(9, 10),
                   3,
                   "drawing operators",
                   "operators",
                   {},
                   false});
    all.push_back({"type3-fanned-out.pdf",
                   "1000 glyphs of a Type 3 font whose glyph draws 10^4 fills through forms",
                   type3_fanned_out(),
                   3,
                   "drawing operators",
                   "operators",
                   {},
                   false});
    all.push_back(
        {"nested-q.pdf",
         "one million nested q (save state)",
         one_page_pdf(cover_box, zlib_of_repeats("q\n", 1'000'000), {}, "/Filter /FlateDecode"),
         3,
         "nests saved graphics states",
         "save-depth",
         {},
         false});
    all.push_back({"long-path.pdf",
                   "a path of 10^7 segments (60 MB of content in 87 KB)",
                   one_page_pdf(cover_box, zlib_of_repeats("1 1 l\n", 10'000'000), {},
                                "/Filter /FlateDecode"),
                   3,
                   "segments",
                   "path-segments",
                   {},
                   false});
    all.push_back({"many-annotations.pdf",
                   "1001 annotations",
                   one_page_pdf(many_annotations(1001), "0.5 g 0 0 930.6432 666 re f\n"),
                   3,
                   "1,001 annotations",
                   "annotations",
                   {},
                   false});
    all.push_back({"tiny-tiling-pattern.pdf",
                   "a tiling pattern of 0.001 pt tiles filling the page (6 x 10^11 tiles)",
                   one_page_pdf(cover_box + " /Resources << /Pattern << /P 4 0 R >> >>",
                                "/Pattern cs /P scn 0 0 930 666 re f\n",
                                {make_stream("/PatternType 1 /PaintType 1 /TilingType 1 /BBox "
                                             "[0 0 1 1] /XStep 0.001 /YStep 0.001 /Resources << >>",
                                             "0 0 1 1 re f\n")}),
                   3,
                   "tiles, more than the 1,000,000 podcover draws",
                   "pattern-tiles",
                   {},
                   false});
    // Odd pages.
    all.push_back({"mediabox-1e30.pdf",
                   "a MediaBox of [0 0 1e30 1e30] (no PDF number)",
                   one_page_pdf("/MediaBox [0 0 1e30 1e30]", "0 g 0 0 100 100 re f\n"),
                   3,
                   "MediaBox [0 0 1 e30 1 e30] is not four numbers",
                   "",
                   {},
                   false});
    all.push_back({"mediabox-zero.pdf",
                   "a MediaBox of [0 0 0 0]",
                   one_page_pdf("/MediaBox [0 0 0 0]", "0 g 0 0 100 100 re f\n"),
                   3,
                   "MediaBox [0 0 0 0] has no area",
                   "",
                   {},
                   false});
    all.push_back({"mediabox-nan.pdf",
                   "a MediaBox of [0 0 nan nan]",
                   one_page_pdf("/MediaBox [0 0 nan nan]", "0 g 0 0 100 100 re f\n"),
                   3,
                   "MediaBox [0 0 nan nan] is not four numbers",
                   "",
                   {},
                   false});
    all.push_back({"mediabox-huge.pdf",
                   "a MediaBox of 10^29 units a side (written out)",
                   one_page_pdf("/MediaBox [0 0 100000000000000000000000000000 "
                                "100000000000000000000000000000]",
                                "0 g 0 0 100 100 re f\n"),
                   3,
                   "not a size a cover can have",
                   "",
                   {},
                   false});
    all.push_back({"mediabox-huge-offset.pdf",
                   "a MediaBox 10^15 pt from the origin, text at 0 0 (off the page)",
                   one_page_pdf("/MediaBox [1000000000000000 1000000000000000 1000000000000930 "
                                "1000000000000666] /Resources << /Font << /F1 << /Type /Font "
                                "/Subtype /Type1 /BaseFont /Helvetica >> >> >>",
                                "BT /F1 24 Tf 0 0 Td (Far away) Tj ET\n"),
                   0,
                   "",
                   "",
                   {},
                   false});
    all.push_back({"huge-text-matrix.pdf",
                   "text set with a 10^21 text matrix and font size",
                   one_page_pdf(cover_box + " /Resources << /Font << /F1 << /Type /Font /Subtype "
                                            "/Type1 /BaseFont /Helvetica >> >> >>",
                                "BT /F1 1000000000000000000000 Tf 1000000000000000000000 0 0 "
                                "1000000000000000000000 0 0 Tm (Huge) Tj ET\n"),
                   1,
                   "",
                   "",
                   {},
                   false});
    all.push_back({"small-page.pdf",
                   "a 400 x 400 pt page checked as a 6 x 9 in book",
                   one_page_pdf("/MediaBox [0 0 400 400]", "0.5 g 0 0 400 400 re f\n"),
                   1,
                   "",
                   "",
                   {"--trim", "6x9in", "--pages", "300", "--paper", "white"},
                   false});
    all.push_back({"rotate-45.pdf",
                   "a page with /Rotate 45",
                   one_page_pdf(cover_box + " /Rotate 45", "0.5 g 0 0 930.6432 666 re f\n"),
                   1,
                   "",
                   "",
                   {},
                   false});
    all.push_back(
        {"user-unit.pdf",
         "a page with /UserUnit 2",
         one_page_pdf("/MediaBox [0 0 465.3216 333] /UserUnit 2", "0.5 g 0 0 465.3216 333 re f\n"),
         3,
         "declares /UserUnit 2",
         "",
         {},
         false});
    if (with_large) {
        all.push_back({"flate-bomb.pdf",
                       "a 30000 x 30000 RGB image of 2.7 GB in 2.6 MB of Flate",
                       image_page("/Width 30000 /Height 30000 /ColorSpace /DeviceRGB "
                                  "/BitsPerComponent 8 /Filter /FlateDecode",
                                  zlib_of_repeats(std::string(1, '\0'), 2'700'000'000ULL)),
                       3,
                       "an image of 30,000 \xC3\x97 30,000 px",
                       "image-pixels",
                       {},
                       true});
        all.push_back({"path-1e9.pdf",
                       "a path of 10^9 segments (6 GB of content in 8.5 MB)",
                       one_page_pdf(cover_box, zlib_of_repeats("1 1 l\n", 1'000'000'000ULL), {},
                                    "/Filter /FlateDecode"),
                       3,
                       "segments",
                       "path-segments",
                       {},
                       true});
        all.push_back({"content-bomb.pdf",
                       "2 GB of spaces as the page's content, in 2 MB",
                       one_page_pdf(cover_box, zlib_of_repeats(" ", 2'000'000'000ULL), {},
                                    "/Filter /FlateDecode"),
                       3,
                       "content that decodes to more than",
                       "content-bytes",
                       // Reading 100 MB of spaces is what is tested: it takes more than the
                       // 3 s of processor time allowed in a sanitizer build.
                       {"--time-limit", "60"},
                       true});
    }
    return all;
}

std::vector<HostilePdf> seed_pdfs() {
    const std::string font =
        "/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        ">> >>";
    std::vector<HostilePdf> seeds;
    // Text, shapes, boxes and an image: what a cover holds, for the fuzzer to change.
    seeds.push_back(
        {"seed-cover.pdf",
         "a small cover: boxes, text, fills, strokes and an RGB image",
         one_page_pdf(cover_box +
                          " /TrimBox [9 9 921.6432 657] /BleedBox [0 0 930.6432 666] "
                          "/Resources << " +
                          font + " /XObject << /Im 4 0 R >> >>",
                      "0.1 0.2 0.6 rg 0 0 930.6432 666 re f\n1 1 1 rg BT /F1 36 Tf 560 500 Td "
                      "(The Salt Road) Tj ET\nq 0 1 -1 0 480 100 cm BT /F1 18 Tf 0 0 Td (SPINE) "
                      "Tj ET Q\n0 0 0 RG 2 w 450 0 m 450 666 l S\nq 200 0 0 120 600 100 cm /Im "
                      "Do Q\n",
                      {make_stream("/Type /XObject /Subtype /Image /Width 4 /Height 2 "
                                   "/ColorSpace /DeviceRGB /BitsPerComponent 8",
                                   std::string(24, '\x40'))}),
         0,
         "",
         "",
         {},
         false});
    // Forms, a tiling pattern, an axial shading, an inline image and an annotation.
    seeds.push_back(
        {"seed-structures.pdf",
         "a form, a tiling pattern, a shading, an inline image and an annotation",
         one_page_pdf(cover_box +
                          " /Annots [<< /Type /Annot /Subtype /Square /Rect [10 10 50 50] >>] "
                          "/Resources << /XObject << /Fm 4 0 R >> /Pattern << /P 5 0 R >> "
                          "/Shading << /Sh << /ShadingType 2 /ColorSpace /DeviceRGB /Coords [0 0 "
                          "930 0] /Function << /FunctionType 2 /Domain [0 1] /C0 [1 0 0] /C1 [0 "
                          "0 1] /N 1 >> >> >> >>",
                      "q 0 0 465 666 re W n /Sh sh Q\n/Pattern cs /P scn 465 0 465 333 re f\n"
                      "q 2 0 0 2 100 100 cm /Fm Do Q\nq 50 0 0 50 700 500 cm BI /W 2 /H 2 /CS /G "
                      "/BPC 8 ID \x10\x80\xF0\x40 EI Q\n",
                      {make_stream("/Type /XObject /Subtype /Form /BBox [0 0 100 100]",
                                   "0 1 0 rg 10 10 80 80 re f\n"),
                       make_stream("/PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 20 20] "
                                   "/XStep 20 /YStep 20 /Resources << >>",
                                   "0 0 0 rg 0 0 10 10 re f\n")}),
         0,
         "",
         "",
         {},
         false});
    return seeds;
}

}  // namespace podcover::test
