// Image media types by file extension. The `feed` package derives `image/<ext>`,
// which gives the non-existent `image/jpg` and `image/svg`; readers then drop the
// enclosure. Unknown extensions give undefined: better no type than a wrong one.
const IMAGE_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  bmp: 'image/bmp',
  ico: 'image/vnd.microsoft.icon',
};

export function imageMediaType(url: string): string | undefined {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const match = /\.([a-zA-Z0-9]+)$/.exec(pathname);
  return match ? IMAGE_TYPES[match[1].toLowerCase()] : undefined;
}
