//! Where the syscall arguments are in `struct pt_regs`: the only architecture-specific code of the
//! kernel side.

/// Where the six syscall arguments are in `struct pt_regs`, in 64-bit words: the span to read
/// (`FIRST`, `WORDS`) and each argument's index in it.
#[cfg(bpf_target_arch = "x86_64")]
mod regs {
    // r10, r9, r8, ax, cx, dx, si, di are words 7..15 (arch/x86/include/asm/ptrace.h);
    // the arguments are di, si, dx, r10, r8, r9.
    pub const FIRST: usize = 7;
    pub const ARG_INDEX: [usize; 6] = [7, 6, 5, 0, 2, 1];
    pub const WORDS: usize = 8;
    /// `orig_ax`: the syscall number, still there at exit.
    pub const NR_WORD: usize = 15;
    /// `ip`, right after orig_ax.
    pub const IP_WORD: usize = 16;
    /// `sp`: after orig_ax, ip, cs, flags.
    pub const SP_WORD: usize = 19;
}

#[cfg(bpf_target_arch = "aarch64")]
mod regs {
    // regs[0..6] (arch/arm64/include/asm/ptrace.h); x0 still holds arg 0 at entry.
    pub const FIRST: usize = 0;
    pub const ARG_INDEX: [usize; 6] = [0, 1, 2, 3, 4, 5];
    pub const WORDS: usize = 6;
    /// `syscallno` (after regs[31], sp, pc, pstate, orig_x0): the syscall number at exit.
    pub const NR_WORD: usize = 35;
    /// `sp`, right after regs[31].
    pub const SP_WORD: usize = 31;
    /// `pc`, after sp.
    pub const IP_WORD: usize = 32;
}

/// Reads the six syscall arguments from the `struct pt_regs *` that sys_enter receives.
#[inline(always)]
pub fn syscall_args(regs: *const u64) -> Result<[u64; 6], i32> {
    // SAFETY: `regs` is the kernel's pt_regs pointer from the sys_enter tracepoint; the read goes
    // through bpf_probe_read_kernel, which fails cleanly on a bad pointer.
    let words: [u64; regs::WORDS] = unsafe {
        aya_ebpf::helpers::bpf_probe_read_kernel(regs.add(regs::FIRST).cast::<[u64; regs::WORDS]>())
    }?;
    let mut args = [0u64; 6];
    let mut i = 0;
    while i < 6 {
        args[i] = words[regs::ARG_INDEX[i]];
        i += 1;
    }
    Ok(args)
}

/// The number of the syscall that is returning, from the `struct pt_regs *` of sys_exit.
#[inline(always)]
pub fn syscall_nr_at_exit(regs: *const u64) -> Option<u32> {
    // SAFETY: as in syscall_args; an 8-byte read (aarch64's syscallno is an int in the low half).
    let w: u64 =
        unsafe { aya_ebpf::helpers::bpf_probe_read_kernel(regs.add(regs::NR_WORD)) }.ok()?;
    Some(w as u32)
}

/// The user instruction pointer saved in the `struct pt_regs *` of sys_enter (just after the
/// syscall instruction).
/// Written straight into `dst` (the task's map value): no room on the program's stack, which
/// is close to the verifier's limit there. 0 when the read fails.
#[inline(always)]
pub fn read_user_ip(regs: *const u64, dst: &mut u64) {
    // SAFETY: as in syscall_args: a kernel read that fails cleanly; `dst` is a valid 8-byte
    // destination (the helper zeroes it on failure).
    unsafe {
        aya_ebpf::helpers::generated::bpf_probe_read_kernel(
            (dst as *mut u64).cast(),
            8,
            regs.add(regs::IP_WORD).cast(),
        );
    }
}

/// The user stack pointer saved in the `struct pt_regs *` of sys_enter.
#[inline(always)]
pub fn user_sp(regs: *const u64) -> Option<u64> {
    // SAFETY: as in syscall_args: a kernel read that fails cleanly.
    unsafe { aya_ebpf::helpers::bpf_probe_read_kernel(regs.add(regs::SP_WORD)) }.ok()
}
