// A PDF stream's bytes as stored (decrypted if the file is), for the JPEG reader: the lone
// image's decode and the ink rendering's both read a DCT stream this way.
#pragma once

#include <Stream.h>

#include <algorithm>
#include <cstdint>

#include "jpeg_pixels.hpp"
#include "podcover/check/cover_pdf.hpp"

namespace podcover::check {

// A chunk at a time; the end comes early when the deadline passes.
class PdfStreamBytes : public ByteSource {
  public:
    PdfStreamBytes(Stream* stream, const Deadline& deadline)
        : stream_(stream), deadline_(deadline) {
        stream_->reset();
    }
    ~PdfStreamBytes() override { stream_->close(); }
    PdfStreamBytes(const PdfStreamBytes&) = delete;
    PdfStreamBytes& operator=(const PdfStreamBytes&) = delete;
    std::size_t read(std::uint8_t* buffer, std::size_t capacity) override {
        if (deadline_.passed())
            return 0;
        const int got =
            stream_->doGetChars(static_cast<int>(std::min<std::size_t>(capacity, 1 << 20)), buffer);
        return got > 0 ? static_cast<std::size_t>(got) : 0;
    }

  private:
    Stream* stream_;
    const Deadline& deadline_;
};

}  // namespace podcover::check
