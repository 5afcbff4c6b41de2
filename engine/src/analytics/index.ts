// This stage has no code yet; see README.md.
export {};
