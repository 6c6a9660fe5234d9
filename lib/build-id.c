// SPDX-License-Identifier: GPL-2.0
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/build-id.h"
#include "lib/elf-file.h"

static size_t note_align(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

int kp_build_id__from_notes(const void *notes, size_t size, uint8_t id[KP_BUILD_ID_SIZE])
{
	const unsigned char *p = notes, *end = p + size;

	while ((size_t)(end - p) >= sizeof(Elf64_Nhdr)) {
		Elf64_Nhdr nh;
		size_t namesz, descsz;

		memcpy(&nh, p, sizeof(nh));
		p += sizeof(nh);
		namesz = note_align(nh.n_namesz);
		descsz = note_align(nh.n_descsz);
		if (namesz > (size_t)(end - p) || descsz > (size_t)(end - p) - namesz)
			break;
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 && !memcmp(p, "GNU", 4) &&
		    nh.n_descsz > 0) {
			int sz = nh.n_descsz > KP_BUILD_ID_SIZE ? KP_BUILD_ID_SIZE : nh.n_descsz;

			memcpy(id, p + namesz, sz);
			return sz;
		}
		p += namesz + descsz;
	}
	return -ENOENT;
}

static int build_id__from_elf(Elf *elf, uint8_t id[KP_BUILD_ID_SIZE])
{
	Elf_Scn *scn = NULL;
	size_t nphdr, i;
	int ret = -ENOENT;

	/* Sections first: stripped-of-sections files still have PT_NOTE. */
	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr shdr;
		Elf_Data *data;

		if (!gelf_getshdr(scn, &shdr) || shdr.sh_type != SHT_NOTE)
			continue;
		data = elf_getdata(scn, NULL);
		if (data && data->d_buf) {
			ret = kp_build_id__from_notes(data->d_buf, data->d_size, id);
			if (ret > 0)
				return ret;
		}
	}
	if (elf_getphdrnum(elf, &nphdr))
		return ret;
	for (i = 0; i < nphdr; i++) {
		GElf_Phdr phdr;
		size_t sz;
		char *raw;

		if (!gelf_getphdr(elf, i, &phdr) || phdr.p_type != PT_NOTE)
			continue;
		raw = elf_rawfile(elf, &sz);
		if (!raw || phdr.p_offset > sz || phdr.p_filesz > sz - phdr.p_offset)
			continue;
		ret = kp_build_id__from_notes(raw + phdr.p_offset, phdr.p_filesz, id);
		if (ret > 0)
			return ret;
	}
	return ret;
}

int kp_build_id__read_file(const char *path, uint8_t id[KP_BUILD_ID_SIZE])
{
	struct kp_elf_file f;
	int ret = kp_elf_file__open(&f, path);

	if (ret)
		return ret;
	ret = build_id__from_elf(f.elf, id);
	kp_elf_file__close(&f);
	return ret;
}

int kp_build_id__read_kernel(uint8_t id[KP_BUILD_ID_SIZE])
{
	unsigned char buf[4096];
	ssize_t n;
	int fd, ret;

	fd = open("/sys/kernel/notes", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf));
	ret = n < 0 ? -errno : kp_build_id__from_notes(buf, n, id);
	close(fd);
	return ret;
}

char *kp_build_id__hex(const uint8_t *id, int size, char *buf)
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < size && i < KP_BUILD_ID_SIZE; i++) {
		buf[2 * i] = hex[id[i] >> 4];
		buf[2 * i + 1] = hex[id[i] & 15];
	}
	buf[2 * i] = '\0';
	return buf;
}
