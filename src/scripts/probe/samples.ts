/**
 * Sample images drawn in code (redistributable by construction), handed to the same pipeline as a
 * visitor's file, as PNG blobs.
 */
export type SampleName = 'stripes' | 'rings' | 'blocks';

const SIDE = 320;

function draw(name: SampleName, context: CanvasRenderingContext2D): void {
  if (name === 'stripes') {
    const image = context.createImageData(SIDE, SIDE);
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        const angle = y < SIDE / 2 ? Math.PI / 6 : -Math.PI / 3;
        const phase = (x * Math.cos(angle) + y * Math.sin(angle)) / (x < SIDE / 2 ? 6 : 12);
        const value = 128 + 110 * Math.sin(phase);
        const i = (y * SIDE + x) * 4;
        image.data.set([value, value, value, 255], i);
      }
    }
    context.putImageData(image, 0, 0);
  } else if (name === 'rings') {
    context.fillStyle = '#f4f1e8';
    context.fillRect(0, 0, SIDE, SIDE);
    const colours = ['#d1495b', '#edae49', '#00798c', '#30638e', '#66a182', '#8d5a97'];
    for (let ring = 12; ring > 0; ring--) {
      context.beginPath();
      context.arc(SIDE / 2, SIDE / 2, ring * 13, 0, 2 * Math.PI);
      context.fillStyle = colours[ring % colours.length]!;
      context.fill();
    }
  } else {
    context.fillStyle = '#222';
    context.fillRect(0, 0, SIDE, SIDE);
    const blocks: Array<[string, number, number, number, number]> = [
      ['#e63946', 20, 20, 130, 90],
      ['#f1faee', 170, 30, 120, 120],
      ['#a8dadc', 40, 150, 90, 140],
      ['#457b9d', 150, 180, 150, 60],
      ['#ffb703', 200, 250, 90, 50],
    ];
    for (const [colour, x, y, width, height] of blocks) {
      context.fillStyle = colour;
      context.fillRect(x, y, width, height);
    }
    context.strokeStyle = '#fff';
    context.lineWidth = 3;
    for (let k = 0; k < 6; k++) {
      context.beginPath();
      context.moveTo(10 + k * 50, SIDE - 10);
      context.lineTo(60 + k * 50, SIDE / 2 + 20);
      context.stroke();
    }
  }
}

export function sampleBlob(name: SampleName): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = SIDE;
  canvas.height = SIDE;
  const context = canvas.getContext('2d');
  if (!context) return Promise.reject(new Error('no 2D canvas'));
  draw(name, context);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no PNG'))), 'image/png'));
}
