/** The text of an error for a reader (an AdapterError's message is written for them), or of whatever was thrown. */
export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
