// Bounds on label text: a label is user input read by a root process, so every scan stays short.
export const LABEL_LIMITS = {
  maxLabelLength: 16384,
  maxParts: 256,
  maxPartLength: 1024,
  maxArguments: 48,
  maxArgumentLength: 256,
} as const;
