/* The agency register (core/data/agencies.tsv), embedded NUL-terminated. */
	.section .rodata
	.global vt_agencies_tsv
	.hidden vt_agencies_tsv
	.type vt_agencies_tsv, @object
vt_agencies_tsv:
	.incbin "core/data/agencies.tsv"
	.byte 0
vt_agencies_tsv_end:
	.size vt_agencies_tsv, vt_agencies_tsv_end - vt_agencies_tsv

	.global vt_agencies_tsv_size
	.hidden vt_agencies_tsv_size
	.type vt_agencies_tsv_size, @object
	.balign 8
vt_agencies_tsv_size:
	.quad vt_agencies_tsv_end - vt_agencies_tsv - 1
	.size vt_agencies_tsv_size, 8

	.section .note.GNU-stack,"",@progbits
