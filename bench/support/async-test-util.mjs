/** The two functions of 'async-test-util' that rxdb/plugins/test-utils uses. */
export function wait(milliseconds = 0) {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

export function randomString(length = 10) {
  let text = '';
  for (let i = 0; i < length; i++) {
    text += LETTERS[Math.floor(Math.random() * LETTERS.length)];
  }
  return text;
}
