#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# elfcraft.py - make the odd ELF files the tests need, independently of
# onelink's own ELF code (plain struct parsing, ELF32/ELF64, LE/BE).
#
# Usage:
#   elfcraft.py shflags FILE SECTION MASK   OR MASK into SECTION's sh_flags
#   elfcraft.py symvalue FILE SYMBOL VALUE  set SYMBOL's st_value
#   elfcraft.py ehdr FILE FIELD VALUE       set e_shoff, e_shentsize,
#                                           e_shstrndx, e_phoff or e_phnum
#                                           (FIELD without "e_")
#   elfcraft.py shdr FILE SECTION FIELD VALUE  set a section header field:
#                                           name type flags addr offset size
#                                           link info addralign entsize
#   elfcraft.py sym FILE SYMBOL FIELD VALUE set a .symtab field of SYMBOL:
#                                           name value size info other shndx
#   elfcraft.py phdr FILE N FIELD VALUE     set a field of program header N:
#                                           type flags offset vaddr paddr
#                                           filesz memsz align
#   elfcraft.py big FILE                    write a sparse ELF64 LE file whose
#                                           .data lies at file offset
#                                           0x100001000 (above 4 GiB)
#
# The big file: one PT_LOAD (p_vaddr 0x400000000, p_offset 0x100001000)
# mapping .data (0x100 bytes of pattern), symbols far_array at .data+0 and
# far_next at .data+0x40.

import struct
import sys


class Elf:
    def __init__(self, path):
        self.f = open(path, "r+b")
        ident = self.f.read(16)
        if ident[:4] != b"\x7fELF":
            sys.exit("elfcraft: %s: not ELF" % path)
        self.is64 = ident[4] == 2
        self.e = ">" if ident[5] == 2 else "<"
        hdr = self.read(16, "HHIQQQIHHHHHH" if self.is64 else "HHIIIIIHHHHHH")
        self.shoff_pos = 0x28 if self.is64 else 0x20
        self.shoff, self.shentsize = hdr[5], hdr[10]
        self.shnum, self.shstrndx = hdr[11], hdr[12]
        self.shfmt = "IIQQQQIIQQ" if self.is64 else "IIIIIIIIII"
        self.shdrs = [self.read(self.shoff + i * self.shentsize, self.shfmt)
                      for i in range(self.shnum)]

    def read(self, pos, fmt):
        fmt = self.e + fmt
        self.f.seek(pos)
        return struct.unpack(fmt, self.f.read(struct.calcsize(fmt)))

    def write(self, pos, fmt, *vals):
        self.f.seek(pos)
        self.f.write(struct.pack(self.e + fmt, *vals))

    def string(self, secidx, off):
        sh = self.shdrs[secidx]
        self.f.seek(sh[4] + off)
        return self.f.read(256).split(b"\0")[0].decode()

    def section(self, name):
        for i, sh in enumerate(self.shdrs):
            if self.string(self.shstrndx, sh[0]) == name:
                return i
        sys.exit("elfcraft: no section %s" % name)

    def symbol(self, name):
        """File position of SYMBOL's entry in .symtab."""
        for sh in self.shdrs:
            if sh[1] != 2:  # SHT_SYMTAB
                continue
            for i in range(sh[5] // sh[9]):
                pos = sh[4] + i * sh[9]
                st_name = self.read(pos, "I")[0]
                if self.string(sh[6], st_name) == name:
                    return pos
        sys.exit("elfcraft: no symbol %s" % name)


def shflags(path, name, mask):
    elf = Elf(path)
    i = elf.section(name)
    pos = elf.shoff + i * elf.shentsize + 8
    fmt = "Q" if elf.is64 else "I"
    elf.write(pos, fmt, elf.read(pos, fmt)[0] | mask)


def symvalue(path, name, value):
    elf = Elf(path)
    pos = elf.symbol(name) + (8 if elf.is64 else 4)
    elf.write(pos, "Q" if elf.is64 else "I", value)


SHDR_FIELDS = ("name", "type", "flags", "addr", "offset", "size",
               "link", "info", "addralign", "entsize")


def shdr(path, name, field, value):
    elf = Elf(path)
    k = SHDR_FIELDS.index(field)
    fmt = elf.shfmt
    pos = elf.shoff + elf.section(name) * elf.shentsize
    pos += struct.calcsize(elf.e + fmt[:k])
    elf.write(pos, fmt[k], value)


def sym(path, name, field, value):
    elf = Elf(path)
    if elf.is64:
        fields = (("name", "I"), ("info", "B"), ("other", "B"), ("shndx", "H"),
                  ("value", "Q"), ("size", "Q"))
    else:
        fields = (("name", "I"), ("value", "I"), ("size", "I"), ("info", "B"),
                  ("other", "B"), ("shndx", "H"))
    names = [f for f, _ in fields]
    k = names.index(field)
    pos = elf.symbol(name)
    pos += struct.calcsize(elf.e + "".join(t for _, t in fields[:k]))
    elf.write(pos, fields[k][1], value)


def phdr(path, n, field, value):
    elf = Elf(path)
    if elf.is64:
        fields = (("type", "I"), ("flags", "I"), ("offset", "Q"), ("vaddr", "Q"),
                  ("paddr", "Q"), ("filesz", "Q"), ("memsz", "Q"), ("align", "Q"))
        phoff, phentsize = elf.read(0x20, "Q")[0], elf.read(0x36, "H")[0]
    else:
        fields = (("type", "I"), ("offset", "I"), ("vaddr", "I"), ("paddr", "I"),
                  ("filesz", "I"), ("memsz", "I"), ("flags", "I"), ("align", "I"))
        phoff, phentsize = elf.read(0x1c, "I")[0], elf.read(0x2a, "H")[0]
    names = [f for f, _ in fields]
    k = names.index(field)
    pos = phoff + n * phentsize
    pos += struct.calcsize(elf.e + "".join(t for _, t in fields[:k]))
    elf.write(pos, fields[k][1], value)


def ehdr(path, field, value):
    elf = Elf(path)
    if field == "shoff":
        elf.write(elf.shoff_pos, "Q" if elf.is64 else "I", value)
    elif field == "phoff":
        elf.write(0x20 if elf.is64 else 0x1c, "Q" if elf.is64 else "I", value)
    elif field == "phnum":
        elf.write(0x38 if elf.is64 else 0x2c, "H", value)
    elif field == "shentsize":
        elf.write(0x3a if elf.is64 else 0x2e, "H", value)
    elif field == "shstrndx":
        elf.write(0x3e if elf.is64 else 0x32, "H", value)
    else:
        sys.exit("elfcraft: unknown field %s" % field)


def big(path):
    data_off, vaddr, data_size = 0x100001000, 0x400000000, 0x100
    shstr = b"\0.data\0.symtab\0.strtab\0.shstrtab\0"
    strtab = b"\0far_array\0far_next\0"
    sym = struct.Struct("<IBBHQQ")
    symtab = (sym.pack(0, 0, 0, 0, 0, 0) +
              sym.pack(1, 0x11, 0, 1, vaddr, 0x40) +          # far_array
              sym.pack(11, 0x11, 0, 1, vaddr + 0x40, 0x40))   # far_next
    symtab_off = 0x200
    strtab_off = symtab_off + len(symtab)
    shstr_off = strtab_off + len(strtab)
    shoff_ = (shstr_off + len(shstr) + 7) & ~7
    sh = struct.Struct("<IIQQQQIIQQ")
    shdrs = (sh.pack(0, 0, 0, 0, 0, 0, 0, 0, 0, 0) +
             sh.pack(1, 1, 3, vaddr, data_off, data_size, 0, 0, 16, 0) +
             sh.pack(7, 2, 0, 0, symtab_off, len(symtab), 3, 1, 8, 24) +
             sh.pack(15, 3, 0, 0, strtab_off, len(strtab), 0, 0, 1, 0) +
             sh.pack(23, 3, 0, 0, shstr_off, len(shstr), 0, 0, 1, 0))
    ehdr = (b"\x7fELF\x02\x01\x01" + b"\0" * 9 +
            struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, vaddr, 64, shoff_, 0,
                        64, 56, 1, 64, 5, 4))
    phdr = struct.pack("<IIQQQQQQ", 1, 6, data_off, vaddr, vaddr,
                       data_size, data_size, 0x1000)
    with open(path, "wb") as f:
        f.write(ehdr + phdr)
        for pos, blob in ((symtab_off, symtab), (strtab_off, strtab),
                          (shstr_off, shstr), (shoff_, shdrs),
                          (data_off, bytes(i % 255 + 1 for i in range(data_size)))):
            f.seek(pos)
            f.write(blob)


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "shflags" and len(argv) == 5:
        shflags(argv[2], argv[3], int(argv[4], 0))
    elif cmd == "symvalue" and len(argv) == 5:
        symvalue(argv[2], argv[3], int(argv[4], 0))
    elif cmd == "ehdr" and len(argv) == 5:
        ehdr(argv[2], argv[3], int(argv[4], 0))
    elif cmd == "shdr" and len(argv) == 6:
        shdr(argv[2], argv[3], argv[4], int(argv[5], 0))
    elif cmd == "sym" and len(argv) == 6:
        sym(argv[2], argv[3], argv[4], int(argv[5], 0))
    elif cmd == "phdr" and len(argv) == 6:
        phdr(argv[2], int(argv[3]), argv[4], int(argv[5], 0))
    elif cmd == "big" and len(argv) == 3:
        big(argv[2])
    else:
        sys.exit("usage: elfcraft.py shflags|symvalue|ehdr|shdr|sym|phdr|big FILE ...")


if __name__ == "__main__":
    main(sys.argv)
