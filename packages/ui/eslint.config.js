export { default } from "@caribex/eslint-config";
