// libjpeg's fatal errors, caught: libjpeg reports them through error_exit, which must not
// return (its default calls exit()), so the handler formats the message and jumps back to the
// caller's setjmp. For the readers and writers of JPEGs (render's images, the test fixtures).
#pragma once

#include <cstdio>
// jpeglib.h needs FILE and size_t declared before it.
#include <jpeglib.h>

#include <csetjmp>

namespace podcover::render {

struct JpegErrors {
    jpeg_error_mgr manager;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

// Installs the handler on a compressor's or decompressor's error manager: `info.err =
// jpeg_errors(errors)`, then `if (setjmp(errors.jump)) { ... errors.message ... }`. Warnings of
// damaged data (a truncated or corrupt stream) are errors too; other warnings are dropped, and
// nothing is printed.
jpeg_error_mgr* jpeg_errors(JpegErrors& errors);

}  // namespace podcover::render
