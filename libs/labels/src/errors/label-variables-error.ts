import { quoteForMessage } from "../quote-for-message.js";

/** The operator's list of variables labels may use contains something that is not a name. */
export class LabelVariablesError extends Error {
  readonly entry: string;

  constructor(entry: string) {
    super(
      `DEHANDLER_LABEL_VARS entry ${quoteForMessage(entry)} is not a variable name; ` +
        `expected letters, digits and "_", not starting with a digit, separated by commas`,
    );
    this.name = "LabelVariablesError";
    this.entry = entry;
  }
}
